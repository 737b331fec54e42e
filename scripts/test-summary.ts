/**
 * Adds up the test reports of one `npm test` run and prints the closing line CI reads:
 * "total: N passed, N failed, N skipped". A phase that failed without a report (type check, build,
 * lab bring-up, a crashed runner) counts as one failed test, so it can never pass silently.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestAssertion {
  fullName: string;
  status: string;
  failureMessages?: string[];
}

interface VitestReport {
  testResults?: { name: string; status: string; message?: string; assertionResults?: VitestAssertion[] }[];
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

interface PlaywrightSuite {
  title: string;
  specs?: { title: string; tests: { status: string }[] }[];
  suites?: PlaywrightSuite[];
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  suites?: PlaywrightSuite[];
}

/** The first line of a failure, short enough for CI's tail. */
function firstLine(text: string | undefined): string {
  const line = (text ?? "").split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

const reportFailures: Record<string, (json: unknown) => string[]> = {
  vitest: (json) =>
    ((json as VitestReport).testResults ?? []).flatMap((file) => {
      const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
      if (failed.length === 0 && file.status === "failed")
        return [`${relative(process.cwd(), file.name)}: ${firstLine(file.message)}`];
      return failed.map(
        (a) => `${relative(process.cwd(), file.name)} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`,
      );
    }),
  playwright: (json) => {
    const walk = (suite: PlaywrightSuite): string[] => [
      ...(suite.specs ?? [])
        .filter((spec) => spec.tests.some((t) => t.status === "unexpected"))
        .map((spec) => `${suite.title} > ${spec.title}`),
      ...(suite.suites ?? []).flatMap(walk),
    ];
    return ((json as PlaywrightReport).suites ?? []).flatMap(walk);
  },
};

const reportCounters: Record<string, (json: unknown) => Counts> = {
  "unit.json": fromVitest,
  "postgres.json": fromVitest,
  "lab.json": fromVitest,
  "lab-b.json": fromVitest,
  "lab-c.json": fromVitest,
  "lab-alone.json": fromVitest,
  "lab-solo.json": fromVitest,
  "browser.json": fromPlaywright,
};
const phaseOfReport: Record<string, string> = {
  "unit.json": "unit",
  "postgres.json": "postgres",
  "lab.json": "lab",
  "lab-b.json": "lab",
  "lab-c.json": "lab",
  "lab-alone.json": "lab",
  "lab-solo.json": "lab",
  "browser.json": "browser",
};

function fromVitest(json: unknown): Counts {
  const report = json as VitestReport;
  return {
    passed: report.numPassedTests,
    // A suite that failed to load has no failed tests but is not a success.
    failed: report.numFailedTests || (report.success ? 0 : 1),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function fromPlaywright(json: unknown): Counts {
  const { stats } = json as PlaywrightReport;
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

function main(): number {
  const [dir = "test-results", ...failedPhases] = process.argv.slice(2);
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const phasesWithReport = new Set<string>();
  const failures: string[] = [];
  for (const [file, count] of Object.entries(reportCounters)) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const json: unknown = JSON.parse(readFileSync(path, "utf8"));
    const counts = count(json);
    const failuresOf = reportFailures[file === "browser.json" ? "playwright" : "vitest"];
    failures.push(...(failuresOf?.(json) ?? []).map((line) => `${file}: ${line}`));
    const phase = phaseOfReport[file] ?? file;
    phasesWithReport.add(phase);
    console.log(`${phase}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  for (const phase of failedPhases) {
    if (phasesWithReport.has(phase)) continue;
    console.log(`${phase}: failed (no test report)`);
    total.failed += 1;
  }
  // Named here, just above the total, so the tail of a long log still says which tests failed.
  for (const line of failures) console.log(`FAILED ${line}`);
  console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed === 0 && failedPhases.length === 0 && total.passed > 0 ? 0 : 1;
}

process.exitCode = main();

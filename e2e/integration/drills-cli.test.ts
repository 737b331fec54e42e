/**
 * `hapair drill CLUSTER --mode partition|node --wait --json` against the lab pair, with the agents'
 * drill worker running beside the CLI: the printed report passes and the exit code is 0; a drill that
 * fails (the definition claims a faster failover than the nodes run) prints outcome failed and exits 1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPair } from "@/e2e/lab/control";
import { NODE_DEATH_COMMAND } from "@/e2e/lab/state";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { expectPairBack, setupDrills, useDatabase } from "./drill-support";

useDatabase(`drills-cli-${testPair().name}`);

let lab: Awaited<ReturnType<typeof setupDrills>>;

const withNodeDeath = (d: ClusterDefinition): ClusterDefinition => ({
  ...d,
  drills: {
    deadManSeconds: 60,
    nodeDeath: { enabled: true, command: [NODE_DEATH_COMMAND, "15"], returnWithinSeconds: 90 },
  },
});

beforeAll(async () => {
  lab = await setupDrills({ change: withNodeDeath });
});

afterAll(async () => {
  await lab?.close();
  await expectPairBack().catch(() => undefined);
});

/** Runs the CLI with the drill worker working beside it; its exit code and the parsed JSON report. */
async function cli(args: string[]): Promise<{ code: number; report: Record<string, unknown>; err: string }> {
  const { main } = await import("@/lib/cli/main");
  let out = "";
  let err = "";
  const io = {
    stdout: (t: string) => void (out += t),
    stderr: (t: string) => void (err += t),
    readFile: () => "",
  };
  let running = true;
  const agents = (async () => {
    while (running) {
      await lab.worker.pass();
      await new Promise((r) => setTimeout(r, 300));
    }
    await lab.worker.idle();
  })();
  await lab.waitObserved();
  const code = await main(["drill", testPair().name, ...args, "--wait", "--json", "--timeout", "240"], io);
  running = false;
  await agents;
  console.log(out, err);
  return { code, report: JSON.parse(out) as Record<string, unknown>, err };
}

describe("hapair drill (CLI), node and partition", () => {
  it("--mode partition --wait --json: passed, exit 0", async () => {
    const { code, report } = await cli(["--mode", "partition"]);
    expect(report).toMatchObject({ mode: "partition", outcome: "passed" });
    expect(report.measuredFailoverMs).toEqual(expect.any(Number));
    expect(code).toBe(0);
    await expectPairBack();
  });

  it("--mode node --confirm-node-death --wait --json: passed, exit 0", async () => {
    const { code, report } = await cli(["--mode", "node", "--confirm-node-death"]);
    expect(report).toMatchObject({ mode: "node", outcome: "passed" });
    expect(code).toBe(0);
    await expectPairBack();
  });

  it("a drill that fails prints outcome failed and exits 1", async () => {
    const { saveClusterRevision } = await import("@/lib/store/revisions");
    const { pairDefinition } = await import("./rollout-support");
    const base = withNodeDeath(pairDefinition());
    // The definition claims chk_haproxy notices in 1 s; the nodes run interval 2 × fall 2.
    const optimistic = {
      ...base,
      vrrp: {
        ...base.vrrp,
        trackScripts: base.vrrp.trackScripts.map((t) =>
          t.name === "chk_haproxy" ? { ...t, interval: 1, fall: 1 } : t,
        ),
      },
    };
    const saved = await saveClusterRevision(lab.db, optimistic, "test-operator");
    if (!saved.ok) throw new Error(saved.issues.map((i) => i.message).join("; "));
    const { code, report } = await cli(["--mode", "process"]);
    expect(report).toMatchObject({ mode: "process", outcome: "failed" });
    expect(code).toBe(1);
    await expectPairBack();
  });
});

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatJson, formatText, logFormat, parseTextLine } from "./format";

const ROOT = join(import.meta.dirname, "..", "..");

function emit(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "lib/log/__fixtures__/emit.ts"], {
    cwd: ROOT,
    env: { ...process.env, HAPAIR_LOG_FORMAT: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("log lines", () => {
  const record = {
    time: new Date("2026-12-01T20:00:00.000Z"),
    level: "warn" as const,
    component: "watch lb-02",
    message: "watching again",
    fields: { attempt: 3, reason: "stream ended", empty: "" },
  };

  it("writes the human line as before: values as they are", () => {
    expect(formatText(record)).toBe("[watch lb-02] watching again attempt=3 reason=stream ended empty=");
    expect(formatText({ ...record, component: "", fields: {} })).toBe("watching again");
  });

  it("writes one JSON object with time, level, component, message and fields", () => {
    expect(JSON.parse(formatJson(record))).toEqual({
      time: "2026-12-01T20:00:00.000Z",
      level: "warn",
      component: "watch lb-02",
      message: "watching again",
      fields: { attempt: 3, reason: "stream ended", empty: "" },
    });
  });

  it("reads a text line back: its component and key=value words", () => {
    expect(parseTextLine("[agents] started pid=12 loops=heartbeat,poller")).toEqual({
      component: "agents",
      message: "started pid=12 loops=heartbeat,poller",
      fields: { pid: "12", loops: "heartbeat,poller" },
    });
    expect(parseTextLine("no component [here]")).toEqual({
      component: "",
      message: "no component [here]",
      fields: {},
    });
  });

  it("takes text (the default) or json, and refuses anything else", () => {
    expect(logFormat({})).toBe("text");
    expect(logFormat({ HAPAIR_LOG_FORMAT: "JSON" })).toBe("json");
    expect(() => logFormat({ HAPAIR_LOG_FORMAT: "yaml" })).toThrow(
      /HAPAIR_LOG_FORMAT must be "text" or "json"/,
    );
  });
});

describe("a process's log output", () => {
  it("is unchanged by default", () => {
    const run = emit({});
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "[agents] started pid=42 loops=heartbeat,poller reconcile\n[web] listening on http://127.0.0.1:3000\n",
    );
    const stderr = run.stderr.split("\n");
    expect(stderr[0]).toBe("[poller] lb-01: cannot start polling: connect ECONNREFUSED 10.0.0.1:22");
    expect(stderr[1]).toBe("[agents] failed to start: Error: the database is newer than this hapair");
    expect(stderr).toContain("[watch lb-02] watching again attempt=3 reason=stream ended");
    expect(stderr).toContain("a line without a component");
  }, 60_000);

  it("is one JSON object per line with HAPAIR_LOG_FORMAT=json, info on stdout and the rest on stderr", () => {
    const run = emit({ HAPAIR_LOG_FORMAT: "json" });
    expect(run.code).toBe(0);
    const parse = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const out = parse(run.stdout);
    const err = parse(run.stderr);
    for (const line of [...out, ...err]) {
      expect(Object.keys(line)).toEqual(["time", "level", "component", "message", "fields"]);
      expect(Date.parse(String(line.time))).not.toBeNaN();
    }
    expect(out.map((l) => [l.level, l.component, l.message, l.fields])).toEqual([
      ["info", "agents", "started", { pid: 42, loops: "heartbeat,poller reconcile" }],
      ["info", "web", "listening on http://127.0.0.1:3000", {}],
    ]);
    expect(err.map((l) => [l.level, l.component])).toEqual([
      ["error", "poller"],
      ["error", "agents"],
      ["warn", "watch lb-02"],
      ["warn", ""],
    ]);
    expect(err[1]?.fields).toEqual({ error: "the database is newer than this hapair" });
    expect(err[2]?.fields).toEqual({ attempt: 3, reason: "stream ended" });
  }, 60_000);
});

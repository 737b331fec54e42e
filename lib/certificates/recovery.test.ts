/** The take-over decision for a certificate job, from the recorded steps and what each node holds now. */
import { describe, expect, it } from "vitest";
import { recoveryDecision, type NodeNow, type RecoveryInput } from "./recovery";
import type { CertificateJobStep } from "./types";

const OLD = { sha256: "o".repeat(64), sha1: "O".repeat(40) };
const NEW = { sha256: "n".repeat(64), sha1: "N".repeat(40) };
const BACKUP = "/c.pem.hapair-cert-7";
const recorded = {
  backup: BACKUP,
  previous: { sha256: OLD.sha256, sha1: OLD.sha1, mode: 0o640, uid: 0, gid: 107 },
};
const fileStep = (
  node: string,
  status: CertificateJobStep["status"],
  withRecord = true,
): CertificateJobStep => ({
  node,
  kind: "file",
  status,
  log: [],
  ...(withRecord ? { recorded } : {}),
});
const holds = (file: string | null, runtime: string | null, backup: string | null = OLD.sha256): NodeNow => ({
  fileSha256: file,
  runtimeSha1: runtime,
  backupSha256: backup,
});

function input(over: Partial<RecoveryInput>): RecoveryInput {
  return {
    nodes: ["lb-01", "lb-02"],
    steps: [fileStep("lb-01", "done"), fileStep("lb-02", "running", false)],
    now: { "lb-01": holds(NEW.sha256, OLD.sha1), "lb-02": holds(OLD.sha256, OLD.sha1, null) },
    readErrors: {},
    intended: NEW,
    ...over,
  };
}

describe("recoveryDecision", () => {
  it("goes on when every node holds its old or the new file and the store still holds the job's certificate", () => {
    const d = recoveryDecision(input({}));
    expect(d.action).toBe("resume");
    expect(d.reason).toBe(
      "lb-01: file new, HAProxy old; lb-02: file old, HAProxy old (untouched): going on (every step is safe to run again)",
    );
  });

  it("puts touched nodes back when the stored certificate changed since", () => {
    const d = recoveryDecision(input({ intended: null }));
    expect(d).toMatchObject({ action: "restore", restore: ["lb-01"], cannot: {} });
    expect(d.reason).toMatch(/replaced or removed/);
  });

  it("puts touched nodes back when the job had already failed (its restore under way)", () => {
    const steps = [
      fileStep("lb-01", "done"),
      { node: "lb-01", kind: "restore", status: "running" as const, log: [] },
    ];
    expect(recoveryDecision(input({ steps })).action).toBe("restore");
  });

  it("puts touched nodes back when a node holds a third file, or HAProxy a third certificate", () => {
    const third = recoveryDecision(
      input({ now: { "lb-01": holds("x", OLD.sha1), "lb-02": holds(OLD.sha256, null) } }),
    );
    expect(third).toMatchObject({ action: "restore", restore: ["lb-01"] });
    expect(third.reason).toContain("lb-01 holds neither its old file nor the new one");
    const memory = recoveryDecision(
      input({ now: { "lb-01": holds(NEW.sha256, "X".repeat(40)), "lb-02": holds(OLD.sha256, null) } }),
    );
    expect(memory.reason).toContain("lb-01's HAProxy holds neither the old certificate nor the new one");
  });

  it("an unreadable node: the others put back; one the job touched cannot be", () => {
    const untouched = recoveryDecision(
      input({ now: { "lb-01": holds(NEW.sha256, OLD.sha1) }, readErrors: { "lb-02": "timed out" } }),
    );
    expect(untouched).toMatchObject({ action: "restore", restore: ["lb-01"], cannot: {} });
    expect(untouched.reason).toContain("lb-02 cannot be read (timed out)");
    const touched = recoveryDecision(
      input({
        steps: [fileStep("lb-01", "done"), fileStep("lb-02", "done")],
        now: { "lb-01": holds(NEW.sha256, OLD.sha1) },
        readErrors: { "lb-02": "timed out" },
      }),
    );
    expect(touched).toMatchObject({ restore: ["lb-01"], cannot: { "lb-02": "cannot be read (timed out)" } });
  });

  it("a node with the new file whose backup is not the original cannot be put back", () => {
    const d = recoveryDecision(
      input({
        intended: null,
        now: { "lb-01": holds(NEW.sha256, OLD.sha1, "y"), "lb-02": holds(OLD.sha256, null) },
      }),
    );
    expect(d).toMatchObject({
      restore: [],
      cannot: { "lb-01": `its backup ${BACKUP} is missing or not the original file` },
    });
  });

  it("a node that had no file: old means no file now", () => {
    const none = { backup: null, previous: null };
    const steps = [{ ...fileStep("lb-01", "running"), recorded: none }];
    expect(
      recoveryDecision(input({ nodes: ["lb-01"], steps, now: { "lb-01": holds(null, null, null) } })).reason,
    ).toBe("lb-01: file old, HAProxy old: going on (every step is safe to run again)");
  });
});

/**
 * The dead-man scripts run in a real shell here (as on a node), with short timers: cancelling and
 * firing exclude each other, and a timer caught while its undo runs says so instead of "gone".
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  armDeadManArgv,
  cancelDeadManArgv,
  cleanDeadManArgv,
  deadManStateArgv,
  parseDeadManCancel,
  parseDeadManState,
} from "./dead-man";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    // Any timer a failed test left: its pid file names its process group.
    for (const name of ["t", "t.cancel", "t.firing"]) {
      const file = join(dir, name);
      if (existsSync(file))
        sh(["sh", "-c", 'kill -TERM -- "-$(cat "$1")" 2>/dev/null || true', "kill", file]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

function sh(argv: string[]): string {
  const [command, ...args] = argv;
  return execFileSync(command ?? "false", args, { encoding: "utf8" });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A timer in a folder of its own; its undo (given that folder's marker path) runs there. */
async function armed(
  seconds: number,
  undo: (marker: string) => string[],
): Promise<{ pidFile: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "hapair-dead-man-"));
  dirs.push(dir);
  const pidFile = join(dir, "t");
  sh(armDeadManArgv(pidFile, seconds, undo(join(dir, "undone"))));
  for (let i = 0; i < 50 && !existsSync(pidFile); i++) await sleep(20);
  return { pidFile, dir };
}

const state = (pidFile: string) => parseDeadManState(sh(deadManStateArgv(pidFile)));
const cancel = (pidFile: string) => parseDeadManCancel(sh(cancelDeadManArgv(pidFile)));

describe("dead-man timer scripts in a shell", () => {
  it("cancelled while pending: the undo never runs", async () => {
    const { pidFile, dir } = await armed(1, (marker) => ["touch", marker]);
    expect(state(pidFile)).toEqual({ state: "pending" });
    expect(cancel(pidFile)).toBe("cancelled");
    await sleep(1_500);
    expect(existsSync(join(dir, "undone"))).toBe(false);
    expect(state(pidFile)).toEqual({ state: "none" });
    expect(cancel(pidFile)).toBe("gone");
  });

  it("caught while its undo runs, it says firing (not gone), then fired with the exit status", async () => {
    const { pidFile } = await armed(1, () => ["sh", "-c", "sleep 1; exit 3"]);
    await sleep(1_400);
    expect(state(pidFile)).toEqual({ state: "firing" });
    expect(cancel(pidFile)).toBe("firing");
    await sleep(1_200);
    expect(state(pidFile)).toEqual({ state: "fired", exitCode: 3 });
    sh(cleanDeadManArgv(pidFile));
    expect(state(pidFile)).toEqual({ state: "none" });
  });

  it("a cancel racing the timer's own firing: exactly one of them acts", async () => {
    // Cancels sent around the moment the timer wakes, side by side, each timer with its own folder.
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const { pidFile, dir } = await armed(1, (marker) => ["touch", marker]);
        await sleep(940 + i * 15);
        const answer = cancel(pidFile);
        await sleep(1_500 - i * 15);
        return { answer, undone: existsSync(join(dir, "undone")), done: existsSync(`${pidFile}.done`) };
      }),
    );
    for (const { answer, undone, done } of rounds) {
      expect(answer === "cancelled").toBe(!undone);
      expect(done).toBe(undone);
    }
  });
});

import { execFileSync, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";
import { hostKeyFingerprint } from "./fingerprint";
import { commandLine, killOnCloseCommandLine, shellQuote, withSudo } from "./quote";
import { createSshPool, DEFAULT_CONNECTION_OPTIONS, OPENSSH_MAX_SESSIONS, shortCommand } from "./pool";
import { Semaphore } from "./semaphore";

const HOSTILE = [
  "; touch /tmp/pwned",
  "$(touch /tmp/pwned)",
  "`touch /tmp/pwned`",
  "a\nb",
  "it's",
  '"q"',
  "*",
  "~root",
  "$HOME",
  "-n",
  "",
  " spaced ",
];

/** Runs the built command line in a real local shell and returns the arguments it received. */
function argsSeenByShell(line: string): string[] {
  const out = execFileSync("sh", ["-c", `${line}`], { encoding: "utf8" });
  return JSON.parse(out) as string[];
}

describe("shell quoting", () => {
  it("passes every hostile argument through as exactly one literal word", () => {
    const printer = ["node", "-e", "console.log(JSON.stringify(process.argv.slice(1)))", "--"];
    const seen = argsSeenByShell(commandLine([...printer, ...HOSTILE]));
    expect(seen).toEqual(HOSTILE);
  });

  it("leaves plain words readable and refuses NUL", () => {
    expect(commandLine(["systemctl", "reload", "haproxy"])).toBe("systemctl reload haproxy");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
    expect(() => commandLine([])).toThrow(/empty/);
  });

  it("prefixes sudo without a prompt", () => {
    expect(withSudo(["id"], true)).toEqual(["sudo", "-n", "--", "id"]);
    expect(withSudo(["id"], false)).toEqual(["id"]);
  });

  it("keeps output and exit status through the kill-on-close wrapper, and kills on stdin EOF", async () => {
    // Like an SSH channel: stdin stays open while the command runs, and closes when we give up.
    const run = (argv: string[], closeStdinAfterMs: number | null) =>
      new Promise<{ stdout: string; code: number | null }>((resolve) => {
        const child = spawn("sh", ["-c", killOnCloseCommandLine(argv)], {
          stdio: ["pipe", "pipe", "inherit"],
        });
        let stdout = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        if (closeStdinAfterMs !== null) setTimeout(() => child.stdin.end(), closeStdinAfterMs);
        child.on("exit", (code) => {
          child.stdin.end();
          resolve({ stdout, code });
        });
      });
    expect(await run(["sh", "-c", "echo out; exit 7"], null)).toEqual({ stdout: "out\n", code: 7 });
    const started = Date.now();
    const killed = await run(["sleep", "30"], 100);
    expect(killed.code).toBe(143);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("hostKeyFingerprint", () => {
  it("matches ssh-keygen's SHA256 format (unpadded base64)", () => {
    const key = Buffer.from("AAAAC3NzaC1lZDI1NTE5AAAAIJ3w1i2e", "base64");
    expect(hostKeyFingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially to the cap with jitter in the upper half", () => {
    const policy = { baseMs: 1_000, maxMs: 30_000 };
    expect(backoffDelay(0, policy)).toBe(0);
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(3, policy, () => 1)).toBe(4_000);
    expect(backoffDelay(20, policy, () => 1)).toBe(30_000);
  });
});

describe("Semaphore", () => {
  it("admits at most the limit and serves waiters in order", async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const a = await semaphore.acquire();
    const b = await semaphore.acquire();
    const c = semaphore.acquire().then((release) => (order.push(3), release));
    const d = semaphore.acquire().then((release) => (order.push(4), release));
    expect(semaphore.pending).toBe(2);
    a();
    (await c)();
    b();
    (await d)();
    expect(order).toEqual([3, 4]);
  });

  it("lets an aborted waiter leave the queue", async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow(/gave up/);
    expect(semaphore.pending).toBe(0);
  });
});

describe("pool defaults", () => {
  it("keeps connections alive, backs off reconnects and stays below MaxSessions", () => {
    expect(DEFAULT_CONNECTION_OPTIONS.keepaliveIntervalMs).toBeGreaterThan(0);
    expect(DEFAULT_CONNECTION_OPTIONS.keepaliveCountMax).toBeGreaterThan(0);
    expect(DEFAULT_CONNECTION_OPTIONS.backoff.baseMs).toBeGreaterThan(0);
    // One slot for the long-lived ip-monitor channel on top of the limit still fits.
    expect(DEFAULT_CONNECTION_OPTIONS.perNodeConcurrency + 1).toBeLessThan(OPENSSH_MAX_SESSIONS);
    expect(() => createSshPool({ perNodeConcurrency: OPENSSH_MAX_SESSIONS })).toThrow(/MaxSessions/);
  });
});

describe("shortCommand", () => {
  it("shows a script's first line and bounds the length for error messages", () => {
    expect(shortCommand(["sh", "-c", "# probe\necho secret-ish body", "x"])).toBe("sh -c '# probe…' x");
    expect(shortCommand(["echo", "a".repeat(300)]).length).toBe(160);
  });
});

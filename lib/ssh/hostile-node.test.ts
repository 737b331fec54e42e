/** The SSH layer against a hostile node on loopback: every read ends within its byte cap and its time. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientKey, startHostileNode, type HostileNode } from "./__testing__/hostile-node";
import { isSshError, type SshError } from "./errors";
import { MAX_CONVERSATION_ANSWER_BYTES, MAX_EXEC_OUTPUT_BYTES, MAX_FILE_BYTES } from "./limits";
import { createSshPool } from "./pool";

let node: HostileNode;
const pool = createSshPool();
const key = clientKey();

beforeAll(async () => {
  node = await startHostileNode({
    exec: (command) =>
      command.includes("monitor")
        ? "endless-lines"
        : command.includes("long-line")
          ? "long-line"
          : command.includes("silent")
            ? "silent"
            : "endless",
    file: (path) =>
      path === "/huge"
        ? { kind: "huge", size: 50 * 1024 ** 3 }
        : path === "/stall"
          ? { kind: "stall" }
          : path === "/small"
            ? { kind: "text", text: "global\n" }
            : { kind: "endless", claimedSize: path === "/liar" ? 10 : 0 },
  });
});
afterAll(async () => {
  pool.closeAll();
  await node.close();
});

async function failure(work: Promise<unknown>): Promise<SshError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSshError(error)) throw new Error(`expected an SshError, got ${String(error)}`);
  return error;
}

/** Runs `work` and gives how much the heap grew at most while it ran (sampled every 20 ms). */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  try {
    const result = await work();
    return { result, growth: peak - before, ms: Date.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

describe("a hostile node", () => {
  it("serves endless command output: the call fails 'too-large' at the cap, the channel is closed", async () => {
    const closedBefore = node.stats.execChannelsClosed;
    const {
      result: error,
      growth,
      ms,
    } = await peakGrowth(() =>
      failure(pool.exec(node.target("n1", key), ["cat", "/dev/zero"], { timeoutMs: 20_000 })),
    );
    expect(error.kind).toBe("too-large");
    expect(error.message).toContain(String(MAX_EXEC_OUTPUT_BYTES));
    expect(ms).toBeLessThan(20_000);
    expect(growth).toBeLessThan(200 * 1024 ** 2);
    await expect.poll(() => node.stats.execChannelsClosed).toBeGreaterThan(closedBefore);
    // A per-call cap below the default.
    expect((await failure(pool.exec(node.target("n1", key), ["cat"], { maxOutputBytes: 1024 }))).kind).toBe(
      "too-large",
    );
  });

  it("serves an endless file (fstat says 0, or lies small): the read stops at MAX_FILE_BYTES and the handle is closed", async () => {
    for (const path of ["/dev/zero", "/liar"]) {
      const closedBefore = node.stats.handlesClosed;
      const { result: error, growth } = await peakGrowth(() =>
        failure(pool.readFile(node.target("n1", key), path, { timeoutMs: 30_000 })),
      );
      expect(error.kind, path).toBe("too-large");
      expect(error.message).toContain(`larger than ${MAX_FILE_BYTES} bytes`);
      expect(growth).toBeLessThan(200 * 1024 ** 2);
      await expect.poll(() => node.stats.handlesClosed).toBeGreaterThan(closedBefore);
    }
  });

  it("claims a 50 GiB file: refused from fstat alone, nothing read", async () => {
    const served = node.stats.bytesServed;
    const error = await failure(pool.readFile(node.target("n1", key), "/huge"));
    expect(error.kind).toBe("too-large");
    expect(error.message).toMatch(/fstat says 53687091200/);
    expect(node.stats.bytesServed).toBe(served);
    expect((await failure(pool.readFile(node.target("n1", key), "/small", { maxBytes: 3 }))).kind).toBe(
      "too-large",
    );
    expect((await pool.readFile(node.target("n1", key), "/small"))?.toString()).toBe("global\n");
  });

  it("never answers a read: it times out in time, and the SFTP channel is really closed", async () => {
    const closedBefore = node.stats.sftpChannelsClosed;
    const started = Date.now();
    const error = await failure(pool.readFile(node.target("n1", key), "/stall", { timeoutMs: 1_000 }));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => node.stats.sftpChannelsClosed).toBeGreaterThan(closedBefore);
  });

  it("floods a followed command: it ends 'too-large' (flood or line cap) instead of growing or running for ever", async () => {
    let lines = 0;
    const signal = AbortSignal.timeout(30_000);
    const flood = await failure(
      pool.follow(node.target("n1", key), ["ip", "-o", "monitor", "address"], {
        signal,
        onLine: () => (lines += 1),
      }),
    );
    expect(flood.kind).toBe("too-large");
    expect(flood.message).toMatch(/more than \d+ bytes within/);
    expect(lines).toBeGreaterThan(0);
    const long = await failure(
      pool.follow(node.target("n1", key), ["long-line"], { signal, onLine: () => {} }),
    );
    expect(long.message).toMatch(/a line longer than/);
  });

  it("answers a conversation without end: the answer is refused at its cap", async () => {
    const conversation = await pool.converse(node.target("n1", key), { argv: ["probe"] });
    const error = await failure(
      conversation.ask("poll\n", (answer) => answer.endsWith("@@end\n"), { timeoutMs: 20_000 }),
    );
    expect(error.kind).toBe("too-large");
    expect(error.message).toContain(String(MAX_CONVERSATION_ANSWER_BYTES));
    expect(conversation.closed).toBe(true);
  });
});

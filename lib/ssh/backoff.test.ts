/**
 * Reconnect backoff by what a failure cost: a node that refuses (restarting) or answers TCP again is
 * retried at least every `cheapMaxMs`, however long it was down; silence still backs off to `maxMs`.
 */
import { createServer, type AddressInfo, type Server } from "node:net";
import { clientKey } from "./__testing__/hostile-node";
import { afterEach, describe, expect, it } from "vitest";
import { backoffDelay, connectFailureCost } from "./backoff";
import { NodeConnection } from "./connection";
import { DEFAULT_CONNECTION_OPTIONS } from "./pool";

describe("backoffDelay by failure cost", () => {
  const policy = { baseMs: 1_000, maxMs: 30_000, cheapMaxMs: 1_000 };
  it("caps a cheap failure at cheapMaxMs and lets a costly one grow to maxMs", () => {
    expect(backoffDelay(20, policy, () => 1, "cheap")).toBe(1_000);
    expect(backoffDelay(20, policy, () => 1, "costly")).toBe(30_000);
    expect(backoffDelay(20, { baseMs: 1_000, maxMs: 30_000 }, () => 1, "cheap")).toBe(30_000);
  });

  it("counts a refused, reset or unreachable connect, and any failure after TCP connected, as cheap", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"])
      expect(connectFailureCost({ code, tcpConnected: false })).toBe("cheap");
    expect(connectFailureCost({ code: undefined, tcpConnected: true })).toBe("cheap");
    expect(connectFailureCost({ code: "ETIMEDOUT", tcpConnected: false })).toBe("costly");
    expect(connectFailureCost({ code: undefined, tcpConnected: false })).toBe("costly");
  });

  it("the default policy retries a refusing node within the 2 s poll interval", () => {
    expect(backoffDelay(50, DEFAULT_CONNECTION_OPTIONS.backoff, () => 1, "cheap")).toBeLessThanOrEqual(2_000);
  });
});

describe("a node connection that keeps failing cheaply", () => {
  const servers: Server[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  const key = clientKey();
  const connection = (port: number) =>
    new NodeConnection(
      { id: "n1", host: "127.0.0.1", port, username: "root", privateKey: key, pinnedHostKey: "SHA256:x" },
      {
        ...DEFAULT_CONNECTION_OPTIONS,
        readyTimeoutMs: 2_000,
        backoff: { baseMs: 20, maxMs: 30_000, cheapMaxMs: 50 },
      },
    );

  /** Fails `times` connects, each as soon as the backoff allows; the wait the last failure set. */
  async function failRepeatedly(c: NodeConnection, times: number): Promise<number> {
    let wait = 0;
    for (let i = 0; i < times; i++) {
      const untilRetry = c.retryAtMs - Date.now();
      if (untilRetry > 5_000) throw new Error(`backoff grew to ${untilRetry} ms after ${i} failures`);
      if (untilRetry > 0) await new Promise((r) => setTimeout(r, untilRetry + 1));
      await expect(c.ready()).rejects.toMatchObject({ kind: "connect" });
      wait = c.retryAtMs - Date.now();
    }
    return wait;
  }

  it("is retried at least every cheapMaxMs after a dozen refused connects", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((done) => closed.close(() => done()));
    expect(await failRepeatedly(connection(port), 12)).toBeLessThanOrEqual(50);
  });

  it("does not let a key ssh2 cannot parse leave a socket behind whose error ends the process", async () => {
    const c = new NodeConnection(
      {
        id: "n2",
        host: "127.0.0.1",
        port: 1,
        username: "root",
        privateKey: "not a key",
        pinnedHostKey: "SHA256:x",
      },
      DEFAULT_CONNECTION_OPTIONS,
    );
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      await expect(c.ready()).rejects.toMatchObject({ kind: "key", message: expect.stringMatching(/key/) });
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it("is retried at least every cheapMaxMs when TCP connects but the handshake fails (sshd starting)", async () => {
    const rude = createServer((socket) => socket.destroy());
    servers.push(rude);
    await new Promise<void>((done) => rude.listen(0, "127.0.0.1", done));
    expect(await failRepeatedly(connection((rude.address() as AddressInfo).port), 12)).toBeLessThanOrEqual(
      50,
    );
  });
});

/**
 * An exec's timeout bounds the whole call, connecting included: a node whose TCP answers but whose SSH
 * never does (a vanished or frozen host) fails at the caller's timeout, not at the pool's 8 s handshake.
 */
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientKey } from "./__testing__/hostile-node";
import { createSshPool } from "./pool";

/** Accepts TCP and never says a word: a node whose SSH hangs. */
async function silentNode() {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    target: {
      id: "mute",
      host: "127.0.0.1",
      port: (server.address() as AddressInfo).port,
      username: "root",
      privateKey: clientKey(),
      pinnedHostKey: "SHA256:x",
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

afterEach(() => vi.useRealTimers());

describe("exec deadline", () => {
  // A plain timer held by the call (lib/deadline.ts), the kind fake timers drive: AbortSignal.timeout
  // behind AbortSignal.any is held weakly and can be collected before it fires.
  it("is a held timer, not AbortSignal.timeout", async () => {
    const node = await silentNode();
    const pool = createSshPool();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const started = Date.now();
      const call = pool.exec(node.target, ["true"], { timeoutMs: 5_000 }).then(
        () => null,
        (e: unknown) => e,
      );
      await vi.advanceTimersByTimeAsync(5_001);
      vi.useRealTimers();
      expect(await call).toMatchObject({ kind: "timeout" });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      vi.useRealTimers();
      pool.closeAll();
      await node.close();
    }
  });

  it("times out at timeoutMs while the connection is still being made", async () => {
    const node = await silentNode();
    const pool = createSshPool();
    try {
      const started = Date.now();
      const error = await pool.exec(node.target, ["true"], { timeoutMs: 500 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ kind: "timeout" });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      pool.closeAll();
      await node.close();
    }
  });
});

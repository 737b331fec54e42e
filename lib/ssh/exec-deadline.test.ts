/**
 * An exec's timeout bounds the whole call, connecting included: a node whose TCP answers but whose SSH
 * never does (a vanished or frozen host) fails at the caller's timeout, not at the pool's 8 s handshake.
 */
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientKey } from "./__testing__/hostile-node";
import { createSshPool } from "./pool";

describe("exec deadline", () => {
  it("times out at timeoutMs while the connection is still being made", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts, never says a word
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    const pool = createSshPool();
    try {
      const target = {
        id: "mute",
        host: "127.0.0.1",
        port: (silent.address() as AddressInfo).port,
        username: "root",
        privateKey: clientKey(),
        pinnedHostKey: "SHA256:x",
      };
      const started = Date.now();
      const error = await pool.exec(target, ["true"], { timeoutMs: 500 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ kind: "timeout" });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      pool.closeAll();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});

/**
 * A pool's handshakes are queued (maxHandshakes at once): an agents process starting 1,000 pollers
 * together had every handshake time out at once on a busy host and retried them together, so no node
 * was ever polled (scripts/bench/scale.ts).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { clientKey, startHostileNode, type HostileNode } from "./__testing__/hostile-node";
import { createSshPool } from "./pool";

let node: HostileNode;
let logins = 0;
const held: (() => void)[] = [];
beforeAll(async () => {
  node = await startHostileNode({
    exec: () => "empty",
    file: () => ({ kind: "text", text: "" }),
    beforeLogin: () =>
      new Promise<void>((resolve) => {
        logins += 1;
        held.push(resolve);
      }),
  });
});
afterAll(() => node.close());

it("at most maxHandshakes connections are being set up at once; the rest wait their turn and connect", async () => {
  const pool = createSshPool({ maxHandshakes: 2 });
  const key = clientKey();
  const commands = Array.from({ length: 5 }, (_, i) =>
    pool.exec(node.target(`n${i}`, key), ["true"], { timeoutMs: 10_000 }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(logins).toBe(2);
  // Let every login through as it comes: the queued handshakes follow.
  const release = setInterval(() => held.splice(0).forEach((resolve) => resolve()), 20);
  try {
    await Promise.all(commands);
    expect(logins).toBe(5);
  } finally {
    clearInterval(release);
    pool.closeAll();
  }
});

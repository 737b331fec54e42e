/**
 * A pool's handshakes are queued (maxHandshakes at once): an agents process starting 1,000 pollers
 * together had every handshake time out at once on a busy host and retried them together, so no node
 * was ever polled (scripts/bench/scale.ts).
 */
import { expect, it } from "vitest";
import { heldLoginsNode } from "./__testing__/held-logins";
import { clientKey } from "./__testing__/hostile-node";
import { createSshPool } from "./pool";

const logins = heldLoginsNode();

it("at most maxHandshakes connections are being set up at once; the rest wait their turn and connect", async () => {
  const pool = createSshPool({ maxHandshakes: 2 });
  const key = clientKey();
  const commands = Array.from({ length: 5 }, (_, i) =>
    pool.exec(logins.node.target(`n${i}`, key), ["true"], { timeoutMs: 10_000 }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(logins.asked).toBe(2);
  // Let every login through as it comes: the queued handshakes follow.
  const release = setInterval(() => logins.held.splice(0).forEach((resolve) => resolve()), 20);
  try {
    await Promise.all(commands);
    expect(logins.asked).toBe(5);
  } finally {
    clearInterval(release);
    pool.closeAll();
  }
});

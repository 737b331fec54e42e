/**
 * A node's connection closed while it is still connecting (the poller handing the cluster to another
 * agents process during its first connect) must not come up afterwards as a connection nobody owns:
 * the lab's two-process test saw the old owner keep its SSH connections to the pair for good.
 */
import { expect, it } from "vitest";
import { heldLoginsNode } from "./__testing__/held-logins";
import { clientKey } from "./__testing__/hostile-node";
import { createSshPool } from "./pool";

const logins = heldLoginsNode();

it("a connect that finishes after close() ends itself: no connection is left open", async () => {
  const pool = createSshPool();
  const target = logins.node.target("n1", clientKey());
  const command = pool.exec(target, ["true"], { timeoutMs: 5_000 }).catch((error: unknown) => error);
  await logins.firstAsked;
  pool.close("n1");
  logins.held.shift()?.();
  await command;
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(logins.node.stats.connections).toBe(0);
  pool.closeAll();
});

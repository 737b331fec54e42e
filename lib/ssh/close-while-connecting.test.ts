/**
 * A node's connection closed while it is still connecting (the poller handing the cluster to another
 * agents process during its first connect) must not come up afterwards as a connection nobody owns:
 * the lab's two-process test saw the old owner keep its SSH connections to the pair for good.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { clientKey, startHostileNode, type HostileNode } from "./__testing__/hostile-node";
import { createSshPool } from "./pool";

let node: HostileNode;
let login: () => void = () => {};
let loginAsked: () => void = () => {};
const asked = new Promise<void>((resolve) => (loginAsked = resolve));
beforeAll(async () => {
  node = await startHostileNode({
    exec: () => "empty",
    file: () => ({ kind: "text", text: "" }),
    beforeLogin: () =>
      new Promise<void>((resolve) => {
        login = resolve;
        loginAsked();
      }),
  });
});
afterAll(() => node.close());

it("a connect that finishes after close() ends itself: no connection is left open", async () => {
  const pool = createSshPool();
  const target = node.target("n1", clientKey());
  const command = pool.exec(target, ["true"], { timeoutMs: 5_000 }).catch((error: unknown) => error);
  await asked;
  pool.close("n1");
  login();
  await command;
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(node.stats.connections).toBe(0);
  pool.closeAll();
});

/**
 * A hostile node whose logins each wait until the test lets them through (to act on a connection
 * mid-connect, or count how many are connecting at once); every command exits 0 at once. Starts in
 * the file's beforeAll and closes in its afterAll.
 */
import { afterAll, beforeAll } from "vitest";
import { startHostileNode, type HostileNode } from "./hostile-node";

export interface HeldLogins {
  /** Set before the file's tests run. */
  node: HostileNode;
  /** Logins asked so far. */
  asked: number;
  /** The logins waiting, oldest first: calling one lets it through. */
  held: (() => void)[];
  /** Resolves when the first login is asked. */
  firstAsked: Promise<void>;
}

export function heldLoginsNode(): HeldLogins {
  let node: HostileNode | undefined;
  let firstAsked: () => void = () => {};
  const gate: HeldLogins = {
    get node(): HostileNode {
      if (!node) throw new Error("the node starts in beforeAll");
      return node;
    },
    asked: 0,
    held: [],
    firstAsked: new Promise<void>((resolve) => (firstAsked = resolve)),
  };
  beforeAll(async () => {
    node = await startHostileNode({
      exec: () => "empty",
      file: () => ({ kind: "text", text: "" }),
      beforeLogin: () =>
        new Promise<void>((resolve) => {
          gate.asked += 1;
          gate.held.push(resolve);
          firstAsked();
        }),
    });
  });
  afterAll(() => node?.close());
  return gate;
}

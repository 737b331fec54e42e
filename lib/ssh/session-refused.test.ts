/**
 * A node whose sshd refuses sessions for a moment (at MaxSessions while it still counts sessions whose
 * commands just exited): the exec's open is tried again and runs; one that keeps refusing fails typed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientKey, startHostileNode, type HostileNode } from "./__testing__/hostile-node";
import { isSshError } from "./errors";
import { createSshPool } from "./pool";

const pool = createSshPool();
const key = clientKey();
let node: HostileNode;
let refusals = 0;

beforeAll(async () => {
  node = await startHostileNode({
    exec: () => "empty",
    file: () => ({ kind: "text", text: "" }),
    refuseSession: () => {
      if (refusals <= 0) return false;
      refusals -= 1;
      return true;
    },
  });
});
afterAll(async () => {
  pool.closeAll();
  await node.close();
});

describe("a refused session", () => {
  it("is opened again and the command runs", async () => {
    refusals = 2;
    const result = await pool.exec(node.target("retry", key), ["true"]);
    expect(result.exitCode).toBe(0);
    expect(refusals).toBe(0);
  });

  it("fails as a channel error when the node keeps refusing", async () => {
    refusals = 100;
    const error = await pool.exec(node.target("refused", key), ["true"]).catch((e: unknown) => e);
    expect(isSshError(error) && error.kind).toBe("channel");
    expect(refusals).toBe(96); // the first open and three more
    refusals = 0;
  });

  it("stops trying again as soon as its caller gives up", async () => {
    refusals = 100;
    await pool.exec(node.target("warm", key), ["true"]).catch(() => undefined); // connected: only opens are left
    refusals = 100;
    const started = Date.now();
    const error = await pool
      .exec(node.target("warm", key), ["true"], { signal: AbortSignal.timeout(150) })
      .catch((e: unknown) => e);
    expect(isSshError(error)).toBe(true);
    // The three waits add up to 850 ms; the caller's 150 ms ends the one it is in.
    expect(Date.now() - started).toBeLessThan(600);
    expect(refusals).toBeGreaterThan(96);
    refusals = 0;
  });
});

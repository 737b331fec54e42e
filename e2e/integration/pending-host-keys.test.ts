/**
 * A pair registered without its host keys accepted is "pending" (set-up), not an outage: for longer
 * than the unreachable hold and the stale threshold no page goes out and the cluster list says
 * pending, each node "awaiting host-key acceptance". Once both presented keys are accepted, the pair
 * is polled and healthy, and still nothing was paged. Before: "unreachable (host key not accepted)"
 * paged for both nodes within about 8 s of registering.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listClusterSummaries } from "@/lib/store/clusters";
import { acceptHostKey } from "@/lib/store/host-keys";
import { startAlertLab, sleep, until, type AlertLab } from "./alerts-support";

/** Past the unreachable hold (6 s) and the stale threshold (10 s), with room for a slow poll. */
const WAIT_MS = 20_000;
let lab: AlertLab;
let registered = 0;

beforeAll(async () => {
  lab = await startAlertLab("pending-host-keys", {
    definition: (d) => ({ ...d, nodes: [unpinned(d.nodes[0]), unpinned(d.nodes[1])] }),
  });
  // The pair was saved and its pollers started just now (the harness's migration came before).
  registered = Date.now();
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

/** The node as registered before anyone accepted its host key. */
function unpinned<T extends { hostKeyFingerprint?: string }>(node: T): T {
  return { ...node, hostKeyFingerprint: undefined };
}

const summary = async () => (await listClusterSummaries(lab.db)).find((c) => c.id === lab.clusterId);

describe("a pair awaiting its first host-key acceptance (lab)", () => {
  it("is pending and pages nothing, then polls normally once its keys are accepted", async () => {
    await sleep(WAIT_MS);
    const pending = await summary();
    const incidents = await lab.db.alertIncident.findMany({ where: { clusterId: lab.clusterId } });
    console.log(
      `[pending-host-keys] ${Date.now() - registered} ms after registering: ${pending?.health}; incidents: ${incidents.map((i) => `${i.state} ${i.rule} ${i.key}`).join(", ") || "none"}; pages: ${lab.receiver.pages.map((p) => `${p.message.event} ${p.message.key} ${p.at - registered} ms after registering`).join(", ") || "none"}`,
    );
    expect(pending?.health).toBe("pending");
    expect(incidents.map((i) => `${i.rule} ${i.key}`)).toEqual([]);
    expect(lab.receiver.pages).toEqual([]);

    const nodes = await until(
      "both nodes' presented keys",
      30_000,
      async () => {
        const rows = await lab.db.node.findMany({ where: { clusterId: lab.clusterId } });
        return rows.length === 2 && rows.every((n) => n.seenHostKeyFingerprint) ? rows : null;
      },
      200,
    );
    for (const node of nodes) {
      const accepted = await acceptHostKey(
        lab.db,
        lab.clusterId,
        node.id,
        node.seenHostKeyFingerprint ?? "",
        "test",
      );
      expect(accepted.ok).toBe(true);
    }
    const acceptedAt = Date.now();
    await until("healthy", 60_000, async () => ((await summary())?.health === "healthy" ? true : null), 200);
    console.log(`[pending-host-keys] healthy ${Date.now() - acceptedAt} ms after both keys were accepted`);
    await lab.settled();
    expect(lab.receiver.pages.map((p) => `${p.message.event} ${p.message.rule} ${p.message.key}`)).toEqual(
      [],
    );
  }, 180_000);
});

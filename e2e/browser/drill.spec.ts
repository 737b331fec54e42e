import { test, type APIRequestContext } from "@playwright/test";
import { testPair, vipHolders, waitFor } from "../lab/control";
import { NODE_DEATH_COMMAND } from "../lab/state";
import type { DrillMode, DrillView, TimelineEvent } from "@/lib/drill/types";
import { expect } from "./support";

// Each drill mode run from the cluster page: the live timeline shows the fault and what the mode
// expects, the drill passes within its bound, the history lists it, and the pair is back on its MASTER.
const pair = testPair();
const [master] = pair.nodes.map((n) => n.name) as [string, string];

const EXPECTED: Record<DrillMode, TimelineEvent[]> = {
  process: ["fault-injected", "vip-on-peer"],
  partition: ["fault-injected", "vip-on-peer", "alert-fired"],
  node: ["fault-injected", "vip-on-peer", "node-back"],
};

test.describe.configure({ mode: "serial" });

async function clusterId(request: APIRequestContext): Promise<string> {
  const clusters = (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
  const id = clusters.find((c) => c.name === pair.name)?.id;
  if (!id) throw new Error(`cluster ${pair.name} is not registered`);
  return id;
}

/** Saves the definition with `change` applied; returns a function that saves the original back. */
async function withDefinition(
  request: APIRequestContext,
  id: string,
  change: (definition: Record<string, unknown>) => Record<string, unknown>,
): Promise<() => Promise<void>> {
  const url = `/api/clusters/${id}/definition`;
  const read = async () =>
    (await (await request.get(url)).json()) as { revision: number; definition: Record<string, unknown> };
  const original = await read();
  const save = async (definition: Record<string, unknown>, message: string) => {
    const baseRevision = (await read()).revision;
    const answer = await request.put(url, { data: { definition, baseRevision, message } });
    expect(answer.status(), await answer.text()).toBe(200);
  };
  await save(change(original.definition), "e2e: node-death drill enabled");
  return () => save(original.definition, "e2e: node-death drill setting put back");
}

for (const mode of ["process", "partition", "node"] as const) {
  test(`a ${mode} drill from the browser passes within its bound`, async ({ page, request }) => {
    test.setTimeout(300_000);
    const id = await clusterId(request);
    // The lab's stand-in kills the node's processes and brings them back after 15 s; never a reboot.
    const restore =
      mode === "node"
        ? await withDefinition(request, id, (d) => ({
            ...d,
            drills: {
              deadManSeconds: 60,
              nodeDeath: { enabled: true, command: [NODE_DEATH_COMMAND, "15"], returnWithinSeconds: 90 },
            },
          }))
        : async () => undefined;
    try {
      await page.goto(`/clusters/${id}`);
      await expect(page.getByTestId("vip-holder")).toHaveText(master, { timeout: 30_000 });
      await page.getByLabel("Drill mode").selectOption(mode);
      if (mode === "node") await page.getByLabel("run the node-death command on the VIP holder").check();
      await expect(async () => {
        await page.getByRole("button", { name: "Run drill" }).click();
        await expect(page.getByTestId("drill-detail")).toBeVisible({ timeout: 3_000 });
      }).toPass({ timeout: 60_000 }); // a pre-check may refuse while the poller settles after a start
      for (const event of EXPECTED[mode])
        await expect(page.getByTestId("drill-timeline")).toContainText(event, { timeout: 90_000 });
      await expect(page.getByTestId("drill-status")).toHaveText(/passed|failed|aborted|interrupted/, {
        timeout: 180_000,
      });
      await expect(page.getByTestId("drill-status")).toHaveText("passed");
      await expect(page.getByTestId("drill-report")).toContainText("bound");
      await expect(page.getByTestId("drill-history")).toContainText(mode);

      const { drills } = (await (await request.get(`/api/clusters/${id}/drills`)).json()) as {
        drills: DrillView[];
      };
      const report = drills[0]?.report;
      expect(drills[0]?.mode).toBe(mode);
      expect(report?.measuredFailoverMs ?? Infinity).toBeLessThanOrEqual(
        (report?.expectedFailoverMs ?? 0) + (report?.toleranceMs ?? 0),
      );
      await waitFor(
        `the VIP on ${master} alone`,
        () => {
          const holders = vipHolders(pair);
          return holders.length === 1 && holders[0] === master;
        },
        60_000,
      );
      // The next mode's pre-checks want both nodes seen healthy again.
      await expect(page.getByTestId("vip-holder")).toHaveText(master, { timeout: 60_000 });
    } finally {
      await restore();
    }
  });
}

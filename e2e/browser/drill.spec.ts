import { test } from "@playwright/test";
import { testPair, vipHolders, waitFor } from "../lab/control";
import type { DrillView } from "@/lib/drill/types";
import { expect } from "./support";

// Run a process-death drill from the cluster page: the live timeline shows the fault and the VIP on
// the peer, the drill passes within its bound, the history lists it, and the pair is back on its MASTER.
const pair = testPair();
const [master] = pair.nodes.map((n) => n.name) as [string, string];

test("a process-death drill from the browser passes within its bound", async ({ page, request }) => {
  test.setTimeout(240_000);
  const clusters = (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
  const id = clusters.find((c) => c.name === pair.name)?.id;
  if (!id) throw new Error(`cluster ${pair.name} is not registered`);

  await page.goto(`/clusters/${id}`);
  await expect(page.getByTestId("vip-holder")).toHaveText(master, { timeout: 30_000 });
  await page.getByLabel("Drill mode").selectOption("process");
  await expect(async () => {
    await page.getByRole("button", { name: "Run drill" }).click();
    await expect(page.getByTestId("drill-detail")).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 }); // a pre-check may refuse while the poller settles right after start
  await expect(page.getByTestId("drill-timeline")).toContainText("fault-injected", { timeout: 30_000 });
  await expect(page.getByTestId("drill-timeline")).toContainText("vip-on-peer", { timeout: 60_000 });
  await expect(page.getByTestId("drill-status")).toHaveText(/passed|failed|aborted|interrupted/, {
    timeout: 120_000,
  });
  await expect(page.getByTestId("drill-status")).toHaveText("passed");
  await expect(page.getByTestId("drill-report")).toContainText("bound");
  await expect(page.getByTestId("drill-history")).toContainText("process");

  const { drills } = (await (await request.get(`/api/clusters/${id}/drills`)).json()) as {
    drills: DrillView[];
  };
  const report = drills[0]?.report;
  expect(report?.measuredFailoverMs ?? Infinity).toBeLessThanOrEqual(
    (report?.expectedFailoverMs ?? 0) + (report?.toleranceMs ?? 0),
  );
  await waitFor(
    `the VIP on ${master} alone`,
    () => {
      const holders = vipHolders(pair);
      return holders.length === 1 && holders[0] === master;
    },
    30_000,
  );
});

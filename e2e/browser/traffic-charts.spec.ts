import { test } from "@playwright/test";
import { labExec, testPair, vipHolders } from "../lab/control";
import { loadThroughVip } from "../lab/load";
import { clusterIdOf, expect } from "./support";

// The cluster page's pair picture and traffic charts on the pair under test: under a small bounded
// load through the VIP the charts fill; HAProxy stopped on the MASTER moves the VIP, and the open
// page (no reload) shows the new holder in the picture and the move as a mark on the charts.
const pair = testPair();
const [master, backup] = pair.nodes.map((n) => n.name) as [string, string];

test("the pair picture and the traffic charts follow a failover without a reload", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const id = await clusterIdOf(request, pair.name);
  const load = loadThroughVip(pair.name, { rate: 20, total: 20 * 90 });
  try {
    await page.goto(`/clusters/${id}`);
    const picture = page.getByTestId("pair-picture");
    await expect(picture.getByTestId(`pair-node-${master}`)).toHaveAttribute("data-holder", "true", {
      timeout: 30_000,
    });
    await expect(picture.getByTestId(`pair-node-${master}`).getByTestId("pair-node-state")).toHaveText(
      "MASTER",
    );
    await expect(picture.getByTestId(`pair-node-${master}`).getByTestId("pair-vip")).toContainText(pair.vip);
    await expect(picture.getByTestId(`pair-node-${backup}`).getByTestId("pair-node-state")).toHaveText(
      "BACKUP",
    );
    await expect(picture.getByTestId(`pair-node-${master}`)).toContainText("priority");
    // A frontend chart with a line drawn (points arrive every 2 s once the poller has two readings).
    const chart = page.locator('[data-testid^="traffic-chart-f:"]').first();
    await expect(chart).toBeVisible({ timeout: 30_000 });
    await expect(chart.locator("path").first()).toHaveAttribute("d", /L/, { timeout: 30_000 });
    const vipMarks = chart.locator('[data-testid="chart-mark"][data-kind="vip"]');
    const marksBefore = await vipMarks.count();

    await page.evaluate(() => Object.assign(window, { hapairNoReload: true }));
    try {
      expect(labExec(master, ["systemctl", "stop", "haproxy"]).code).toBe(0);
      await expect(picture.getByTestId(`pair-node-${backup}`)).toHaveAttribute("data-holder", "true", {
        timeout: 30_000,
      });
      await expect(picture.getByTestId(`pair-node-${master}`)).toHaveAttribute("data-holder", "false");
      await expect(picture.getByTestId("pair-last-move")).toContainText(`${backup}: acquired VIP`);
      await expect(vipMarks).toHaveCount(marksBefore + 1, { timeout: 30_000 });
      await expect(vipMarks.last().locator("title")).toContainText(`${backup}: acquired VIP`);
      expect(
        await page.evaluate(() => (window as unknown as { hapairNoReload?: boolean }).hapairNoReload),
      ).toBe(true);
    } finally {
      labExec(master, ["systemctl", "start", "haproxy"]);
    }
    // Fail-back: the MASTER's priority recovers and it takes the VIP again.
    await expect(picture.getByTestId(`pair-node-${master}`)).toHaveAttribute("data-holder", "true", {
      timeout: 60_000,
    });
  } finally {
    load.stop();
    await load.report.catch(() => null);
  }
  // The lab is left as found: the VIP on the MASTER alone.
  await expect.poll(() => vipHolders(pair), { timeout: 30_000 }).toEqual([master]);
});

import { expect, test } from "@playwright/test";
import { clusterIdOf } from "./support";

// Drain a lab server from the cluster page: both nodes report DRAIN, Ready brings it back to UP.
const BACKEND = "be_app";
const SERVER = "app-02";

test.afterAll(async ({ request }) => {
  // The lab is shared: whatever happened, the server ends ready on both nodes.
  const id = await clusterIdOf(request, "lab");
  await request.post(`/api/clusters/${id}/servers/actions`, {
    data: { backend: BACKEND, server: SERVER, action: "ready" },
  });
});

test("drain a server on both nodes from the backends table, then make it ready", async ({
  page,
  request,
}) => {
  const id = await clusterIdOf(request, "lab");
  await page.goto(`/clusters/${id}`);
  const row = page.getByTestId(`server-row-${BACKEND}-${SERVER}`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  const cells = [row.getByTestId("server-state-lb-01"), row.getByTestId("server-state-lb-02")];
  for (const cell of cells) await expect(cell).toContainText("UP", { timeout: 20_000 });

  const started = Date.now();
  await row.getByTestId("action-drain").click();
  for (const cell of cells) await expect(cell).toContainText("DRAIN", { timeout: 15_000 });
  console.log(`[server-actions.spec] DRAIN shown for both nodes ${Date.now() - started} ms after the click`);
  const log = page.getByTestId("action-log");
  await expect(log.locator("li").first()).toContainText("by e2e-admin");
  await expect(log.locator("li").first()).toContainText(`${BACKEND}/${SERVER}`);
  await expect(log.locator("li").first()).toContainText("done");

  await row.getByTestId("action-ready").click();
  for (const cell of cells) await expect(cell).toContainText("UP", { timeout: 15_000 });
  await expect(log.locator("li").first()).toContainText("ready");
  await expect(row.getByTestId("action-error")).toHaveCount(0);
});

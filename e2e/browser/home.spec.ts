import { expect, test } from "@playwright/test";

test("home page lists the lab cluster", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
  const row = page.getByTestId("cluster-row").filter({ hasText: "lab" }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("lb-01");
  await expect(row).toContainText("lb-02");
  // The README shows this picture.
  await page.screenshot({ path: "docs/screenshot.png", fullPage: true });
});

test("health endpoint reports web and agents alive", async ({ request }) => {
  await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 15_000 }).toBe(200);
  const health = (await (await request.get("/api/health")).json()) as {
    web: { ok: boolean };
    agents: { alive: boolean };
  };
  expect(health.web.ok).toBe(true);
  expect(health.agents.alive).toBe(true);
});

import { test } from "@playwright/test";
import { blockVrrp, testPair, unblockVrrp } from "@/e2e/lab/control";
import { expect } from "./support";

// The article's failure mode 3 seen in the browser: VRRP blocked on the test pair's master, both nodes
// take the VIP, and every page shows the split-brain banner; an operator acknowledges the alert with a
// note; unblocking clears the banner. VRRP is unblocked in a finally.
test("the split-brain banner appears on every page, the alert is acknowledged, and the banner goes away", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const pair = testPair();
  const master = pair.nodes[0]?.name ?? "";
  const note = `looking at ${pair.name}: VRRP blocked by the browser test`;
  // The banner may also name other pairs others are testing: look for this pair's link only.
  const bannerLink = page
    .getByTestId("split-brain-banner")
    .getByRole("link", { name: pair.name, exact: true });
  await page.goto("/");
  await expect(bannerLink).toHaveCount(0);
  try {
    blockVrrp(master);
    await expect(bannerLink).toBeVisible({ timeout: 30_000 });
    await page.goto("/alerts");
    await expect(bannerLink).toBeVisible();
    const alert = page
      .getByTestId("active-alerts")
      .getByTestId("alert")
      .filter({ has: page.getByRole("link", { name: pair.name, exact: true }) })
      .and(page.locator('[data-rule="split-brain"][data-state="firing"]'));
    await expect(alert).toHaveCount(1);
    await expect(alert).toContainText(`inet ${pair.vip}/`);
    await alert.getByLabel(/note for alert/).fill(note);
    await alert.getByRole("button", { name: "Acknowledge" }).click();
    await expect(alert.getByTestId("acknowledged")).toContainText(note);
    await expect(alert.getByTestId("acknowledged")).toContainText("Acknowledged by");
    // The banner follows to any page, e.g. the cluster the alert links to.
    await alert.getByRole("link", { name: pair.name, exact: true }).click();
    await expect(page).toHaveURL(/\/clusters\//);
    await expect(bannerLink).toBeVisible();
  } finally {
    unblockVrrp(master);
  }
  await expect(bannerLink).toHaveCount(0, { timeout: 30_000 });
  await page.goto("/alerts");
  await expect(
    page.getByTestId("alert-history").getByTestId("alert").filter({ hasText: note }).first(),
  ).toBeVisible();
});

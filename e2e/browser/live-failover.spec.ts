import { expect, test } from "@playwright/test";
import { labExec } from "@/e2e/lab/control";

// The article's failure mode 1 seen on the dashboard: HAProxy stops on lb-01, keepalived moves the VIP
// to lb-02, and the open page shows it without a reload. HAProxy is restarted in a finally.
test("the dashboard follows the VIP from lb-01 to lb-02 when HAProxy stops on lb-01", async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const clusters = (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
  const lab = clusters.find((c) => c.name === "lab");
  expect(lab, "the lab cluster is registered").toBeTruthy();
  await page.goto(`/clusters/${lab?.id}`);
  const holder = page.getByTestId("vip-holder");
  await expect(holder).toHaveText("lb-01", { timeout: 30_000 });
  await expect(page.getByTestId("node-card-lb-01").getByTestId("vip-holder-badge")).toBeVisible();
  // Marks this document: it must still be here (no navigation, no reload) when the change shows.
  await page.evaluate(() => Object.assign(window, { hapairNoReload: true }));
  try {
    expect(labExec("lb-01", ["systemctl", "stop", "haproxy"]).code).toBe(0);
    await expect(holder).toHaveText("lb-02", { timeout: 30_000 });
    await expect(page.getByTestId("node-card-lb-02").getByTestId("vip-holder-badge")).toBeVisible();
    await expect(page.getByTestId("node-card-lb-01").getByTestId("node-haproxy")).toContainText("down");
    await expect(page.getByTestId("event-timeline")).toContainText("lb-02: acquired VIP");
    expect(
      await page.evaluate(() => (window as unknown as { hapairNoReload?: boolean }).hapairNoReload),
    ).toBe(true);
  } finally {
    labExec("lb-01", ["systemctl", "start", "haproxy"]);
  }
  // Fail-back: lb-01's priority recovers and it takes the VIP again.
  await expect(holder).toHaveText("lb-01", { timeout: 60_000 });
});

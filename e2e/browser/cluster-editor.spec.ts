import { expect, test } from "@playwright/test";

test("create a cluster through the form, fix a field error, preview, save, edit and diff", async ({
  page,
  request,
}) => {
  const name = `pw-${Date.now()}`;
  await page.goto("/clusters/new");
  await page.getByLabel("Name", { exact: true }).first().fill(name);
  await page.getByLabel("virtual_router_id").fill("77");
  await page.getByLabel("auth_pass (≤ 8)").fill("pwpass1");

  // A VIP that is not an address: the field says so and the button stays disabled.
  await page.getByLabel("VIP", { exact: true }).fill("10.0.0.300");
  await expect(page.getByTestId("error-vips.0.address").first()).toContainText("IPv4");
  await expect(page.getByRole("button", { name: "Create cluster" })).toBeDisabled();

  await page.getByLabel("VIP", { exact: true }).fill("10.0.0.150");
  await expect(page.getByTestId("error-vips.0.address")).toHaveCount(0);
  const preview = page.getByTestId("render-preview");
  await expect(preview).toContainText("bind 10.0.0.150:443 ssl crt");
  await preview.getByRole("button", { name: "keepalived.conf (lb-01)" }).click();
  await expect(preview).toContainText("virtual_router_id 77");
  await expect(preview).toContainText("enable_script_security");

  await page.getByRole("button", { name: "Create cluster" }).click();
  await expect(page).toHaveURL(/\/clusters\/[^/]+\/history$/);
  const id = page.url().split("/").at(-2) ?? "";
  await expect(page.getByTestId("revision-row")).toHaveCount(1);

  await page.goto(`/clusters/${id}/edit`);
  await page.getByRole("button", { name: "Add server" }).click();
  await page.getByTestId("server-row").nth(1).getByLabel("Address").fill("10.0.1.12");
  await page.getByLabel("Change note").fill("second app server");
  await page.getByRole("button", { name: "Save revision" }).click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByTestId("revision-row")).toHaveCount(2);
  const diff = page.getByTestId("revision-diff");
  await expect(diff).toContainText("+          - name: app-02");
  await expect(diff).toContainText("+            address: 10.0.1.12");

  expect((await request.delete(`/api/clusters/${id}`)).status()).toBe(200);
});

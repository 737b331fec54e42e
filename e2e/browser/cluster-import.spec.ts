import { join } from "node:path";
import { test } from "@playwright/test";
import { ARTICLE, articleFile as article, expect, listedClusters, ownClusterName } from "./support";

test.setTimeout(240_000);
test.use({ actionTimeout: 30_000 });

test("import the article's files in the browser: field error, import warnings, fixes, review, save", async ({
  page,
  request,
}) => {
  const name = await ownClusterName(request, "pw-import-");
  const clusterIds = async () =>
    (await listedClusters(request)).filter((c) => c.name === name).map((c) => c.id);
  try {
    await page.goto("/");
    const link = page.getByRole("main").getByRole("link", { name: "Import" });
    await expect(link).toHaveAttribute("href", "/clusters/import");
    await link.click();
    await page.waitForURL(/\/clusters\/import$/, { timeout: 60_000 });

    await page.getByLabel("Cluster name").fill(name);
    // haproxy.cfg uploaded, the keepalived files pasted: both ways in.
    await page.getByLabel("Upload haproxy.cfg").setInputFiles(join(ARTICLE, "haproxy.cfg"));
    await expect(page.getByLabel("haproxy.cfg", { exact: true })).toHaveValue(/frontend fe_https/);
    await page
      .getByLabel("keepalived.conf of node 1", { exact: true })
      .fill(article("lb-01-gateway.keepalived.conf"));
    await page
      .getByLabel("keepalived.conf of node 2", { exact: true })
      .fill(article("lb-02-gateway.keepalived.conf"));

    // A bad address is a field error on that node's address; nothing is imported.
    const address1 = page.locator('[name="addresses.lb-01"]');
    await address1.fill("10.0.0.311");
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("error-addresses.lb-01")).toContainText("IPv4");

    // Node 2's address left out: the article's files are multicast, so import warns it could not map it.
    await address1.fill("10.0.0.21");
    await page.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("import-summary")).toBeVisible();
    await expect(page.getByTestId("import-warnings")).toContainText("nodes.1.address");
    // The article's literal `<change-me>` is 11 characters: keepalived would truncate it.
    await expect(page.getByTestId("import-problems")).toContainText("vrrp.authPass");
    await expect(page.getByTestId("error-vrrp.authPass")).toBeVisible();
    await expect(page.getByRole("button", { name: "Create cluster" })).toBeDisabled();
    expect(await clusterIds()).toEqual([]); // nothing stored before saving

    await page.getByLabel("auth_pass (≤ 8)").fill("pwimport");
    await page.locator('[name="nodes.1.address"]').fill("10.0.0.22");
    await page.locator('[name="nodes.1.ssh.host"]').fill("10.0.0.22");
    await expect(page.getByTestId("error-vrrp.authPass")).toHaveCount(0);
    const preview = page.getByTestId("render-preview");
    await expect(preview).toContainText(
      "bind 10.0.0.100:443 ssl crt /etc/haproxy/certs/site.pem alpn h2,http/1.1",
    );
    await expect(preview).toContainText("server app-03 10.0.1.13:8080 check");
    await preview.getByRole("button", { name: "keepalived.conf (lb-02)" }).click();
    await expect(preview).toContainText("auth_pass pwimport");
    await expect(preview).toContainText("chk_gateway");

    // VRID 51 is the lab pair's on the same segment: only the server knows, and says so on the field.
    await page.getByRole("button", { name: "Create cluster" }).click();
    await expect(page.getByTestId("error-vrrp.virtualRouterId")).toContainText("already used by cluster");
    expect(await clusterIds()).toEqual([]);
    await page.getByLabel("virtual_router_id").fill("79");
    await expect(page.getByTestId("error-vrrp.virtualRouterId")).toHaveCount(0);
    await page.getByRole("button", { name: "Create cluster" }).click();
    await expect(page).toHaveURL(/\/clusters\/[^/]+\/history$/);
    await expect(page.getByTestId("revision-row")).toHaveCount(1);

    await page.goto("/");
    await expect(page.getByTestId("cluster-row").filter({ hasText: name })).toContainText("lb-01 · lb-02");
  } finally {
    for (const id of await clusterIds()) await request.delete(`/api/clusters/${id}`);
  }
});

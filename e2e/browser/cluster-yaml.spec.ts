import { test } from "@playwright/test";
import { articleFile, expect, ownClusterName } from "./support";

test.setTimeout(240_000);
test.use({ actionTimeout: 30_000 });
const article = (file: string) => articleFile(file).replace("<change-me>", "pwyaml12");

test("edit the whole definition as YAML: field error with its line, fix, save, then diff revisions 1 and 3", async ({
  page,
  request,
}) => {
  const name = await ownClusterName(request, "pw-yaml-");
  // Revision 1: the article's pair, adopted through the import API.
  const imported = (await (
    await request.post("/api/import", {
      data: {
        name,
        haproxyCfg: article("haproxy.cfg"),
        keepalived: [
          { node: "lb-01", text: article("lb-01.keepalived.conf") },
          { node: "lb-02", text: article("lb-02.keepalived.conf") },
        ],
        addresses: { "lb-01": "10.0.0.11", "lb-02": "10.0.0.12" },
      },
    })
  ).json()) as { definition: { vrrp: { virtualRouterId: number } } };
  imported.definition.vrrp.virtualRouterId = 80;
  const created = await request.post("/api/clusters", {
    data: { definition: imported.definition, message: "adopted" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  try {
    // Revision 2: through the form.
    await page.goto(`/clusters/${id}/edit`);
    await page.getByRole("button", { name: "Add server" }).click();
    await page.getByTestId("server-row").nth(3).getByLabel("Address").fill("10.0.1.14");
    await page.getByRole("button", { name: "Save revision" }).click();
    await expect(page.getByTestId("revision-row")).toHaveCount(2);

    // Revision 3: defaults and a frontend bind, which only the YAML tab reaches.
    await page.goto(`/clusters/${id}/edit`);
    await page.getByRole("tab", { name: "YAML" }).click();
    const yaml = page.getByLabel("Definition (YAML)");
    const original = await yaml.inputValue();
    expect(original).toContain("client: 60s");

    // Not YAML at all: said so, the form tab cannot be left for, nothing can be saved.
    await yaml.fill(`${original}\nname: [`);
    await expect(page.getByTestId("problems")).toContainText("(file): not valid YAML");
    await expect(page.getByRole("tab", { name: "Form" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save revision" })).toBeDisabled();

    // YAML, but a timeout that does not parse: the field path and its line.
    const lineOf = (text: string, needle: string) =>
      text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const bad = original.replace("client: 60s", "client: 60 seconds");
    await yaml.fill(bad);
    await expect(page.getByTestId("problems")).toContainText(
      `haproxy.defaults.timeouts.client (line ${lineOf(bad, "client: 60 seconds")}): a duration`,
    );
    await expect(page.getByRole("button", { name: "Save revision" })).toBeDisabled();

    const good = original.replace("client: 60s", "client: 90s").replace(/port: 80$/m, "port: 8080");
    await yaml.fill(good);
    await expect(page.getByTestId("problems")).toHaveCount(0);
    const preview = page.getByTestId("render-preview");
    await expect(preview).toContainText("timeout client 90s");
    await expect(preview).toContainText("bind 10.0.0.100:8080");

    // To the form and back: the edit is still there (and the form shows the same draft).
    await page.getByRole("tab", { name: "Form" }).click();
    await expect(page.getByLabel("VIP", { exact: true })).toHaveValue("10.0.0.100");
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect(yaml).toHaveValue(good);

    await page.getByLabel("Change note").fill("client timeout 90s, plain HTTP on 8080");
    await page.getByRole("button", { name: "Save revision" }).click();
    await expect(page).toHaveURL(/\/history$/);
    await expect(page.getByTestId("revision-row")).toHaveCount(3);

    // Any two revisions: 1 against 3 shows both the form's and the YAML tab's changes.
    await page.getByLabel("From").selectOption("1");
    await expect(page.getByLabel("To")).toHaveValue("3");
    const diff = page.getByTestId("revision-diff");
    await expect(diff).toContainText("--- revision 1");
    await expect(diff).toContainText("+++ revision 3");
    await expect(diff).toContainText(/\+\s+client: 90s/);
    await expect(diff).toContainText(/-\s+client: 60s/);
    await expect(diff).toContainText(/\+\s+- name: app-04/);
    await expect(diff).toContainText(/\+\s+port: 8080/);
  } finally {
    await request.delete(`/api/clusters/${id}`);
  }
});

import { test } from "@playwright/test";
import {
  backupThenMaster,
  nodeFile,
  restoreOriginalFiles,
  saveOriginalFiles,
  type SavedPair,
} from "../integration/rollout-support";
import { testPair } from "../lab/control";
import type { RolloutView } from "@/lib/rollout/types";
import { clusterIdOf, expect } from "./support";

// Add a server to the pair's backend in the editor, roll out "graceful" from the cluster page, and see
// both nodes run it (read on the nodes), the backup done before the master. The pair's files are put back.
const pair = testPair();
const [master, backup] = pair.nodes.map((n) => n.name) as [string, string];
let saved: SavedPair;

test.beforeAll(() => {
  saved = saveOriginalFiles();
});

test.afterAll(async () => {
  await restoreOriginalFiles(saved);
});

test("roll out a changed server list gracefully, backup first", async ({ page, request }) => {
  test.setTimeout(300_000);
  const id = await clusterIdOf(request, pair.name);

  await page.goto(`/clusters/${id}/edit`);
  await page.getByRole("button", { name: "Add server" }).click();
  const row = page.getByTestId("server-row").last();
  await row.getByLabel("Server").fill("app-04");
  await row.getByLabel("Address").fill("10.0.1.11");
  await page.getByLabel("Change note").fill("a fourth server (rollout spec)");
  await page.getByRole("button", { name: "Save revision" }).click();
  await expect(page).toHaveURL(/\/history$/);

  await page.goto(`/clusters/${id}`);
  await expect(page.getByTestId("vip-holder")).toHaveText(master, { timeout: 30_000 });
  await page.getByRole("button", { name: "Roll out" }).click();
  const plan = page.getByTestId("rollout-plan");
  await expect(plan).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId(`plan-node-${backup}`)).toContainText("backup, goes first");
  await expect(plan).toContainText("+    server app-04 10.0.1.11:8080");
  // A run before this one left hapair's files on the pair and the cleanup put the lab's back: drift, confirmed explicitly.
  const drift = page.getByTestId("confirm-drift");
  if ((await drift.count()) > 0) {
    await expect(page.getByTestId("plan-drift").first()).toContainText("since hapair last pushed it");
    await drift.check();
  }
  await page.getByRole("radio", { name: /Graceful/ }).check();
  await page.getByRole("button", { name: "Start rollout" }).click();
  await expect(page.getByTestId("rollout-status")).toHaveText("succeeded", { timeout: 240_000 });

  for (const node of [master, backup])
    expect(nodeFile(node, "/etc/haproxy/haproxy.cfg")).toContain("server app-04 10.0.1.11:8080");
  const history = (await (await request.get(`/api/clusters/${id}/rollouts`)).json()) as {
    rollouts: RolloutView[];
  };
  const latest = history.rollouts[0];
  const { rollout } = (await (await request.get(`/api/clusters/${id}/rollouts/${latest?.id}`)).json()) as {
    rollout: RolloutView;
  };
  const { backupDone, masterStart } = backupThenMaster(rollout, backup, master);
  console.log(
    `[rollout.spec] backup finished ${new Date(backupDone).toISOString()}, master started ${new Date(masterStart).toISOString()}`,
  );
  // The executor writes one step's end and the next one's start in the same write-through, often
  // within one millisecond: "before" is not after.
  expect(backupDone).toBeLessThanOrEqual(masterStart);
  await expect(page.getByTestId("rollout-history")).toContainText("succeeded");
});

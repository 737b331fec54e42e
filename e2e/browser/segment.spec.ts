import { test } from "@playwright/test";
import { adminSocket, testPair } from "../lab/control";
import { clusterIdOf, expect } from "./support";

// Issue 21 on the cluster page: a drain set by hand on one node's socket is shown as runtime drift and
// "Align" puts both nodes back; a revision that changes the VRID gets the plan's keepalived-reload
// warning (the rollout is only planned, never started). The server and the definition are put back.
const pair = testPair();
const [master, backup] = pair.nodes.map((n) => n.name) as [string, string];
const BACKEND = "be_app";
const SERVER = "app-03";

test.afterAll(() => {
  for (const node of [master, backup]) adminSocket(node, `set server ${BACKEND}/${SERVER} state ready`);
});

test("a drain by hand on one node is shown as drift, and Align fixes both nodes", async ({
  page,
  request,
}) => {
  const id = await clusterIdOf(request, pair.name);
  await page.goto(`/clusters/${id}`);
  const row = page.getByTestId(`server-row-${BACKEND}-${SERVER}`);
  for (const node of [master, backup])
    await expect(row.getByTestId(`server-state-${node}`)).toContainText("UP", { timeout: 30_000 });

  adminSocket(backup, `set server ${BACKEND}/${SERVER} state drain`);
  await expect(row.getByTestId("runtime-drift")).toContainText(`DRAIN on ${backup}`);
  await expect(row.getByTestId("runtime-drift")).toContainText(`READY on ${master}`);
  await row.getByTestId("action-align").click();
  for (const node of [master, backup])
    await expect(row.getByTestId(`server-state-${node}`)).toContainText("UP");
  await expect(row.getByTestId("runtime-drift")).toHaveCount(0);
  await expect(row.getByTestId("action-align")).toHaveCount(0);
  const audit = (await (await request.get("/api/audit?action=server.align")).json()) as {
    action: string;
    target: string;
  }[];
  expect(audit.some((e) => e.action === "server.align" && e.target === `${BACKEND}/${SERVER}`)).toBe(true);
});

test("a revision that changes the VRID warns in the plan that the keepalived reload restarts VRRP", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const id = await clusterIdOf(request, pair.name);
  const saved = (await (await request.get(`/api/clusters/${id}/definition`)).json()) as {
    revision: number;
    definition: { vrrp: { virtualRouterId: number } };
  };
  // A VRID nobody on the segment is heard on and no cluster uses, other than the pair's own.
  const { heard, managed } = (await (await request.get(`/api/vrids?cluster=${id}`)).json()) as {
    heard: { vrid: number }[];
    managed: { vrid: number }[];
  };
  const taken = new Set([...heard, ...managed].map((v) => v.vrid));
  const vrid = [...Array(254).keys()].map((i) => 254 - i).find((v) => !taken.has(v)) ?? 1;
  const put = (definition: unknown, baseRevision: number, message: string) =>
    request.put(`/api/clusters/${id}/definition`, { data: { definition, baseRevision, message } });
  const changed = await put(
    { ...saved.definition, vrrp: { ...saved.definition.vrrp, virtualRouterId: vrid } },
    saved.revision,
    "another VRID (segment spec)",
  );
  expect(changed.status()).toBe(200);
  const { revision } = (await changed.json()) as { revision: number };
  try {
    await page.goto(`/clusters/${id}`);
    await page.getByRole("button", { name: "Roll out" }).click();
    await expect(page.getByTestId("rollout-plan")).toBeVisible({ timeout: 60_000 });
    for (const node of [master, backup]) {
      const warnings = page.getByTestId(`plan-node-${node}`).getByTestId("plan-warnings");
      await expect(warnings).toContainText("keepalived reload restarts VRRP");
      await expect(warnings).toContainText(
        `virtual_router_id ${saved.definition.vrrp.virtualRouterId} → ${vrid}`,
      );
    }
  } finally {
    // The pair's VRID back as the next revision; nothing was rolled out.
    expect((await put(saved.definition, revision, "VRID back (segment spec)")).status()).toBe(200);
  }
});

/**
 * The overview at 500 clusters: problems first, search narrows to the right rows, the URL keeps the
 * view across a reload, an empty state. The clusters are seeded straight into the test database
 * (scale-seed.ts: no SSH key, loopback addresses, leases held by a stand-in, so nothing polls them).
 * Prints the time from navigation to the first row and to all rows ("[dashboard-scale] …").
 */
import { test, type Page } from "@playwright/test";
import type { Database } from "@/lib/db/client";
import { healthRank } from "@/lib/status/cluster-overview";
import type { ClusterHealth } from "@/lib/status/cluster-status";
import {
  removeScaleClusters,
  SCALE_PREFIX,
  scaleName,
  seedScaleClusters,
  STAND_IN,
  seededHealth,
  type ScaleSeed,
} from "./scale-seed";
import { expect } from "./support";

const COUNT = 500;
let db: Database | undefined;
let seed: ScaleSeed | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // The web server's database (playwright.config.ts), opened here before anything loads the client.
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";
  db = (await import("@/lib/db/client")).db;
  const started = Date.now();
  seed = await seedScaleClusters(db, COUNT);
  // The newest change of all the seeded clusters: first when sorted by last change.
  const changed = await db.cluster.findUniqueOrThrow({ where: { name: scaleName(300) } });
  await db.clusterEvent.create({
    data: { clusterId: changed.id, at: new Date(), kind: "vip", message: "lb-02 acquired VIP (seeded)" },
  });
  console.log(`[dashboard-scale] seeded ${COUNT} clusters in ${Date.now() - started} ms`);
});

test.afterAll(async () => {
  seed?.stop();
  if (db) await removeScaleClusters(db);
  await db?.$disconnect();
});

const rows = (page: Page) => page.getByTestId("cluster-row");
const healths = (page: Page) =>
  page
    .locator("[data-testid=cluster-row] [data-health]")
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-health") as ClusterHealth));
const names = (page: Page) => rows(page).locator("td:first-child").allInnerTexts();

test("500 clusters: problems first, the rows rendered quickly", async ({ page, request }) => {
  const total = ((await (await request.get("/api/clusters")).json()) as unknown[]).length;
  expect(total).toBeGreaterThanOrEqual(COUNT);
  await page.goto("/");
  await rows(page).first().waitFor();
  const first = await page.evaluate(() => performance.now());
  await expect(rows(page)).toHaveCount(total);
  const all = await page.evaluate(() => performance.now());
  console.log(
    `[dashboard-scale] ${total} rows: first row ${first.toFixed(0)} ms, all rows ${all.toFixed(0)} ms after navigation start`,
  );
  // Refreshing every second (and on each change) should not keep the main thread busy: memoised rows.
  const busy = await page.evaluate(
    () =>
      new Promise<{ count: number; ms: number }>((resolve) => {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration);
        });
        observer.observe({ type: "longtask" });
        setTimeout(() => {
          observer.disconnect();
          resolve({ count: tasks.length, ms: tasks.reduce((a, b) => a + b, 0) });
        }, 3_000);
      }),
  );
  const api: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    expect((await request.get("/api/clusters")).ok()).toBe(true);
    api.push(performance.now() - started);
  }
  console.log(
    `[dashboard-scale] idle 3 s with the page open: ${busy.count} long tasks (${busy.ms.toFixed(0)} ms); ` +
      `GET /api/clusters ×5: ${api.map((ms) => ms.toFixed(0)).join(", ")} ms`,
  );
  const order = await healths(page);
  expect(order).toHaveLength(total);
  const ranks = order.map(healthRank);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  const splitBrains = Array.from({ length: COUNT }, (_, i) => seededHealth(i)).filter(
    (h) => h === "split-brain",
  );
  expect(order.slice(0, splitBrains.length)).toEqual(splitBrains);
  // The chips count what the table holds.
  await expect(page.getByTestId("status-filter-split-brain")).toContainText(
    String(order.filter((h) => h === "split-brain").length),
  );
  await expect(page.getByTestId("status-filter-all")).toContainText(String(total));
});

test("search narrows to the right rows: name, node address, VIP; case-insensitive", async ({ page }) => {
  await page.goto("/");
  const search = page.getByTestId("cluster-search");
  await search.fill("SCALE-0042");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(scaleName(42));
  // Index 137's second node, index 454's VIP (scale-seed.ts addresses()).
  await search.fill("127.77.1.138");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(scaleName(137));
  await search.fill("127.78.1.205");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(scaleName(454));
  await search.fill("no-such-cluster");
  await expect(page.getByTestId("cluster-list-empty")).toContainText("No cluster matches “no-such-cluster”");
  await page.getByTestId("cluster-list-empty").getByRole("button").click();
  await expect(search).toHaveValue("");
  await expect(rows(page).first()).toBeVisible();
});

test("the URL keeps search, status and sort across a reload", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("cluster-search").fill("scale-01");
  await page.getByTestId("status-filter-degraded").click();
  await page.getByTestId("cluster-sort").selectOption("name");
  const expected = Array.from({ length: 100 }, (_, i) => 100 + i)
    .filter((i) => seededHealth(i) === "degraded")
    .map(scaleName);
  await expect.poll(() => names(page)).toEqual(expected);
  await expect(page).toHaveURL(/\?q=scale-01&status=degraded&sort=name$/);
  await page.reload();
  await expect(page.getByTestId("cluster-search")).toHaveValue("scale-01");
  await expect(page.getByTestId("status-filter-degraded")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("cluster-sort")).toHaveValue("name");
  await expect.poll(() => names(page)).toEqual(expected);
  // A link to another view of the page is followed.
  await page.goto("/?q=scale-&sort=changed");
  await expect(rows(page).first()).toContainText(scaleName(300));
});

test("nothing polled the seeded clusters: their leases stayed with the stand-in, no observation but the seeded one", async () => {
  if (!db) throw new Error("no database");
  const seeded = { cluster: { name: { startsWith: SCALE_PREFIX } } };
  expect(await db.clusterLease.count({ where: { ...seeded, owner: STAND_IN } })).toBe(COUNT);
  expect(await db.nodeObservation.count({ where: { node: seeded } })).toBe(2 * COUNT);
});

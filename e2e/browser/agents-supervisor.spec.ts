import { test } from "@playwright/test";
import { expect } from "./support";

interface Health {
  ok: boolean;
  status: string;
  web: { pid: number };
  agents: {
    alive: boolean;
    pid: number | null;
    reason: string;
    supervised: {
      state: string;
      pid: number | null;
      restarts: number;
      lastExit: { signal: string | null } | null;
    } | null;
  };
}

// Item 3 of issue 22: the agents process of the server under test (scripts/start.ts, Playwright's
// webServer) is killed by PID. The web server must stay up and say "agents down" (health and banner)
// with the crash recorded, until the supervisor has restarted the agents. The spec waits for that, so
// the specs after it find a healthy server.
test("killing the agents leaves the dashboard up, saying agents down, until they are restarted", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const health = async () => (await (await request.get("/api/health")).json()) as Health;
  await expect.poll(async () => (await health()).ok, { timeout: 60_000 }).toBe(true);
  const before = await health();
  // The heartbeat's pid: the process the supervisor spawned (node itself, not a wrapper).
  const agentsPid = before.agents.pid ?? 0;
  expect(agentsPid).toBeGreaterThan(0);
  const restartsBefore = before.agents.supervised?.restarts ?? 0;

  await page.goto("/");
  await expect(page.getByTestId("agents-down-banner")).toHaveCount(0);
  process.kill(agentsPid, "SIGKILL");

  await expect
    .poll(async () => (await health()).status, { timeout: 10_000, intervals: [100] })
    .toBe("agents down");
  const down = await health();
  expect(down.ok).toBe(false);
  expect(down.web.pid).toBe(before.web.pid);
  expect(down.agents.reason).toMatch(/^agents down/);
  expect(down.agents.supervised).toMatchObject({ lastExit: { signal: "SIGKILL" } });
  expect(typeof down.agents.supervised?.restarts).toBe("number");
  await expect(page.getByTestId("agents-down-banner")).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("agents-down-banner")).toContainText("killed by SIGKILL");

  await expect.poll(async () => (await health()).ok, { timeout: 90_000 }).toBe(true);
  const back = await health();
  expect(back.agents.pid).not.toBe(agentsPid);
  expect(back.agents.supervised?.restarts).toBe(restartsBefore + 1);
  expect(back.web.pid).toBe(before.web.pid);
  await expect(page.getByTestId("agents-down-banner")).toHaveCount(0, { timeout: 10_000 });
});

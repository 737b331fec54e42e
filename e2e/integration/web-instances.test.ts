/**
 * Two web instances (the built app behind scripts/web-server.ts, as scripts/start.ts runs it) on one
 * PostgreSQL database, as behind a load balancer (issue 19): a browser may reach either. Signed in
 * through A, the cookie works on B; a change written while an event stream is open on B arrives there;
 * signed out on A, B refuses the cookie and ends its stream; parallel failed sign-ins split between A
 * and B are counted together (the database holds sessions and counters; per-instance memory is only
 * what may differ: ARCHITECTURE.md, "Several web instances"). No lab pair is used.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@/e2e/lab/control";
import { LOGIN_LIMITS } from "@/lib/auth/login-throttle";
import { exited } from "./agents-process";
import { freePort } from "./free-port";
import { useLabPostgres } from "./lab-postgres";

const database = useLabPostgres("web_instances");
const USER = { username: "two-web-admin", password: "two-web-instances-pass-1" };
const servers: { url: string; child: ChildProcess }[] = [];
let clusterId = "";

async function startWeb(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/web-server.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

beforeAll(async () => {
  // npm test builds before the lab phase; by hand, `npx next build` first.
  if (!existsSync(resolve(".next", "BUILD_ID")))
    throw new Error("no production build: run `npx next build` first");
  const db = database.db();
  const { hashPassword } = await import("@/lib/auth/password");
  await db.user.create({
    data: { username: USER.username, role: "admin", passwordHash: await hashPassword(USER.password) },
  });
  clusterId = (await db.cluster.create({ data: { name: "two-web" } })).id;
  servers.push(await startWeb(), await startWeb());
  // Up when /api/health answers (503 "agents down" is an answer: no agents run here).
  for (const { url } of servers)
    await until(
      `${url} up`,
      120_000,
      async () => ((await fetch(`${url}/api/health`).catch(() => null)) ? true : null),
      500,
    );
}, 180_000);

afterAll(async () => {
  for (const { child } of servers) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited(child);
    clearTimeout(forced);
  }
}, 60_000);

const login = (url: string, password: string) =>
  fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: USER.username, password }),
  });
const me = (url: string, cookie: string) => fetch(`${url}/api/auth/me`, { headers: { cookie } });

/** An EventSource-like reader of /api/live/events: the events it got so far, and whether the stream ended. */
async function openStream(url: string, cookie: string) {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/live/events`, {
    headers: {
      cookie,
      accept: "text/event-stream",
      "sec-fetch-site": "same-origin",
      "sec-fetch-mode": "cors",
    },
    signal: abort.signal,
  });
  const state = { status: response.status, events: [] as string[], ended: false, text: "" };
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        state.text += decoder.decode(chunk.value, { stream: true });
        const blocks = state.text.split("\n\n");
        state.text = blocks.pop() ?? "";
        for (const block of blocks) {
          const event = /^event: (.+)$/m.exec(block)?.[1];
          if (event) state.events.push(event);
        }
      }
    } catch {
      // aborted by the test
    }
    state.ended = true;
  })();
  return { state, close: () => abort.abort() };
}

describe("two web instances on one PostgreSQL database", () => {
  it("share sessions, live events and sign-in limits whichever instance a request reaches", async () => {
    const [a, b] = servers;
    if (!a || !b) throw new Error("two servers expected");
    const signedIn = await login(a.url, USER.password);
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^hapair_session=./);
    const onB = await me(b.url, cookie);
    expect(onB.status).toBe(200);
    expect(((await onB.json()) as { username?: string }).username).toBe(USER.username);

    // A change the agents would write, while a stream is open on B: B tells its client.
    const stream = await openStream(b.url, cookie);
    expect(stream.state.status).toBe(200);
    await new Promise((done) => setTimeout(done, 1_000)); // B's feed has read the current ids
    const written = Date.now();
    await database
      .db()
      .clusterEvent.create({ data: { clusterId, kind: "test", message: "written while B streams" } });
    await until(
      "the change event on B",
      10_000,
      () => (stream.state.events.includes("change") ? true : null),
      50,
    );
    const arrivedMs = Date.now() - written;

    // Signed out on A: B refuses the cookie (and ends its stream at its next session check, ≤ 15 s).
    const signedOut = await fetch(`${a.url}/api/auth/logout`, { method: "POST", headers: { cookie } });
    expect(signedOut.status).toBe(200);
    const signedOutAt = Date.now();
    expect((await me(b.url, cookie)).status).toBe(401);
    expect((await me(a.url, cookie)).status).toBe(401);

    // Failed sign-ins from one client, all at once, every other one to B: counted together, so only
    // the free ones are let through to the password check, not that many per instance.
    const attempts = 3 * LOGIN_LIMITS.pairFree;
    const statuses = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        login((i % 2 === 0 ? a : b).url, "wrong-password").then((r) => r.status),
      ),
    );
    const count = (status: number) => statuses.filter((s) => s === status).length;
    await until("B's stream ended after the sign-out", 25_000, () => (stream.state.ended ? true : null), 200);
    const streamEndedMs = Date.now() - signedOutAt;
    stream.close();
    console.log(
      `[web-instances] change event on B ${arrivedMs} ms after the write; ${attempts} parallel failed sign-ins over A and B: ${count(401)} checked (401), ${count(429)} limited (429); B's stream ended ${streamEndedMs} ms after the sign-out on A`,
    );
    expect(count(401)).toBe(LOGIN_LIMITS.pairFree);
    expect(count(429)).toBe(attempts - LOGIN_LIMITS.pairFree);
  });
});

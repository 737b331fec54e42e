/**
 * The remote CLI against the real route handlers (a fetch that dispatches to them, a throw-away
 * database) with API tokens, and its rollout follower against a scripted server: the exit code is
 * the outcome.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair, fullPair } from "@/lib/cluster/__fixtures__/definitions";
import type { RolloutView } from "@/lib/rollout/types";
import type { CliIo } from "./io";

const dir = mkdtempSync(join(tmpdir(), "hapair-remote-"));
process.env.DATABASE_URL = `file:${join(dir, "remote.db")}`;

type Route = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: [RegExp, string, string[]][] = [
  [/^\/api\/clusters$/, "@/app/api/clusters/route", []],
  [/^\/api\/render$/, "@/app/api/render/route", []],
  [/^\/api\/clusters\/([^/]+)\/certificates$/, "@/app/api/clusters/[id]/certificates/route", ["id"]],
  [
    /^\/api\/clusters\/([^/]+)\/certificates\/([^/]+)$/,
    "@/app/api/clusters/[id]/certificates/[name]/route",
    ["id", "name"],
  ],
  [/^\/api\/clusters\/([^/]+)\/definition$/, "@/app/api/clusters/[id]/definition/route", ["id"]],
  [/^\/api\/clusters\/([^/]+)\/acme-jobs$/, "@/app/api/clusters/[id]/acme-jobs/route", ["id"]],
  [
    /^\/api\/clusters\/([^/]+)\/acme-jobs\/([^/]+)$/,
    "@/app/api/clusters/[id]/acme-jobs/[jobId]/route",
    ["id", "jobId"],
  ],
  [
    /^\/api\/clusters\/([^/]+)\/revisions\/([^/]+)\/export$/,
    "@/app/api/clusters/[id]/revisions/[number]/export/route",
    ["id", "number"],
  ],
];

/** What Next.js would do: the route module's handler for the method, with the path's params. */
const appFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  for (const [pattern, module, names] of routes) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    const handler = ((await import(module)) as Record<string, Route | undefined>)[request.method];
    if (!handler) return new Response("", { status: 405 });
    const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
    return handler(request, { params: Promise.resolve(params) });
  }
  return new Response("", { status: 404 });
};

let db: typeof import("@/lib/db/client").db;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  await (await import("@/lib/db/migrate")).migrateDatabase();
  db = (await import("@/lib/db/client")).db;
  const { bearerFor } = await import("@/lib/auth/__fixtures__/test-sessions");
  for (const role of ["viewer", "admin"] as const)
    tokens[role] = (await bearerFor(db, role)).replace("Bearer ", "");
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: (path) => readFileSync(path, "utf8"),
  };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

async function hapair(args: string[], token: string | undefined, fetchImpl: typeof fetch = appFetch) {
  const { remoteMain } = await import("./remote-main");
  const { main } = await import("./main");
  const run = capture();
  const env = { HAPAIR_TOKEN: token, HAPAIR_CLI_POLL_MS: "5" };
  // main() for usage errors as users see them; remoteMain() with the in-process fetch otherwise.
  const code =
    args.some((a) => a.startsWith("--token")) || !token
      ? await main(args, run.io, env)
      : await remoteMain(args, run.io, env, fetchImpl);
  return { code, stdout: run.out(), stderr: run.err() };
}

const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, stringify(value));
  return path;
};
const server = ["--server", "http://127.0.0.1:3000"];

describe("hapair --server", () => {
  it("takes the token from HAPAIR_TOKEN only, never a flag", async () => {
    const flag = await hapair([...server, "validate", "x.yaml", "--token", "abc"], "t");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/no --token flag: set HAPAIR_TOKEN/);
    const none = await hapair([...server, "validate", "x.yaml"], undefined);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set HAPAIR_TOKEN/);
  });

  it("validates, applies, diffs and exports with an admin token; a viewer token cannot apply", async () => {
    const first = file("pair.yaml", articlePair);
    expect((await hapair([...server, "validate", first], tokens.admin)).code).toBe(0);
    const bad = await hapair(
      [...server, "validate", file("bad.yaml", { ...articlePair, vrrp: { vrid: 999 } })],
      tokens.admin,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^vrrp/m);
    const denied = await hapair([...server, "apply", first], tokens.viewer);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/\(role\): your role \(viewer\) may not edit cluster/);
    const applied = await hapair([...server, "apply", first, "--message", "from CI"], tokens.admin);
    expect(applied, applied.stderr).toMatchObject({ code: 0 });
    expect(applied.stdout).toMatch(/saved as revision 1/);
    expect((await hapair([...server, "apply", first], tokens.admin)).stdout).toMatch(
      /unchanged \(revision 1\)/,
    );
    expect((await hapair([...server, "diff", first], tokens.admin)).code).toBe(0);
    const changed = file("pair-2.yaml", { ...articlePair, vrrp: { ...articlePair.vrrp, advertInt: 2 } });
    const diff = await hapair([...server, "diff", changed], tokens.viewer);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^-.*advertInt: 1$/m);
    expect(diff.stdout).toMatch(/^\+.*advertInt: 2$/m);
    const exported = await hapair([...server, "export", String(articlePair.name)], tokens.viewer);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/revision 1/);
    const audit = await db.auditEntry.findMany({ where: { action: "token.use" } });
    expect(audit.map((row) => row.target)).toContain(
      "PUT /api/clusters/" + (await db.cluster.findFirstOrThrow()).id + "/definition",
    );
  }, 60_000);

  it("cert add, list --json and remove over the API: the key never printed, a viewer cannot add", async () => {
    await hapair([...server, "apply", file("pair-cert.yaml", articlePair)], tokens.admin);
    const fixtures = join(process.cwd(), "lib/certificates/__fixtures__");
    const bundle = join(dir, "bundle.pem");
    writeFileSync(
      bundle,
      readFileSync(join(fixtures, "leaf.pem"), "utf8") + readFileSync(join(fixtures, "leaf.key"), "utf8"),
    );
    const cluster = articlePair.name;
    const args = [
      ...server,
      "cert",
      "add",
      cluster,
      "--name",
      "spare",
      "--pem",
      bundle,
      "--path",
      "/etc/haproxy/certs/spare.pem",
    ];
    expect((await hapair(args, tokens.viewer)).code).toBe(1);
    const added = await hapair(args, tokens.admin);
    expect(added, added.stderr).toMatchObject({ code: 0 });
    const listed = await hapair([...server, "cert", "list", cluster, "--json"], tokens.viewer);
    expect(listed.stdout).not.toContain("PRIVATE KEY");
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { name: "spare", path: "/etc/haproxy/certs/spare.pem", usedBy: [] },
    ]);
    expect((await hapair([...server, "cert", "remove", cluster, "spare"], tokens.admin)).code).toBe(0);
    expect((await hapair([...server, "cert", "remove", cluster, "spare"], tokens.admin)).stderr).toMatch(
      /^name: no certificate/,
    );
  });

  it("cert order (--wait follows the ACME job to its outcome) and cert orders over the API", async () => {
    const { saveClusterRevision } = await import("@/lib/store/revisions");
    const { clusterDefinitionSchema } = await import("@/lib/cluster/definition");
    const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(fullPair), "test");
    if (!saved.ok) throw new Error("not saved");
    const cluster = fullPair.name;
    const unknown = await hapair([...server, "cert", "order", cluster, "nope"], tokens.admin);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/^certificate: not one of/) });
    expect((await hapair([...server, "cert", "order", cluster, "pay"], tokens.viewer)).code).toBe(1);
    // The agents' side, played here: the job ends (failed first, then a new order succeeds).
    for (const [status, code] of [
      ["failed", 1],
      ["succeeded", 0],
    ] as const) {
      const agents = (async () => {
        for (let i = 0; i < 400; i++) {
          const job = await db.acmeJob.findFirst({ where: { status: "pending" } });
          if (job) {
            const data = { domains: ["pay.example.com"], notAfter: "2027-03-01T00:00:00.000Z" };
            await db.acmeJob.update({
              where: { id: job.id },
              data: { status, data, activeKey: null, error: status === "failed" ? "the CA said no" : null },
            });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const run = await hapair([...server, "cert", "order", cluster, "pay", "--wait"], tokens.admin);
      await agents;
      expect(run.code, run.stdout + run.stderr).toBe(code);
      expect(run.stdout).toMatch(/^ACME job \d+ \((issue|renew) pay\) pending$/m);
      expect(run.stdout).toMatch(
        status === "failed" ? /failed: the CA said no/ : /pay: issued for pay\.example\.com/,
      );
    }
    const listed = await hapair([...server, "cert", "orders", cluster, "--json"], tokens.viewer);
    expect(listed.code).toBe(0);
    const body = JSON.parse(listed.stdout) as {
      certificates: { name: string }[];
      jobs: { status: string }[];
    };
    expect(body.certificates.map((c) => c.name)).toEqual(["pay"]);
    expect(body.jobs.map((j) => j.status)).toEqual(["succeeded", "failed"]);
  });

  it("rollout: plans, prints the diff, starts, streams steps, and exits with the outcome", async () => {
    for (const [outcome, code] of [
      ["succeeded", 0],
      ["rolled-back", 3],
      ["failed", 1],
    ] as const) {
      const script = scriptedRollout(outcome);
      const run = await hapair([...server, "rollout", "edge", "--mode", "graceful"], "t", script.fetch);
      expect(run.code, `${outcome}: ${run.stdout}${run.stderr}`).toBe(code);
      expect(run.stdout).toMatch(/^\+    timeout client 30s$/m);
      expect(run.stdout).toMatch(/step install lb-b: done/);
      expect(run.stdout).toContain(`rollout #7: ${outcome}`);
      expect(script.started).toEqual({ mode: "graceful", force: false, reason: "", confirmDrift: false });
    }
  });
});

/** A server that plans rollout #7 of revision 3 on cluster "edge", then runs it through three reads. */
function scriptedRollout(outcome: RolloutView["status"]) {
  const step = (status: string) => ({
    kind: "install",
    node: "lb-b",
    index: 0,
    status,
    attempt: 1,
    startedAt: null,
    finishedAt: null,
    log: [{ at: "", line: "renamed candidate" }],
  });
  const view = (status: RolloutView["status"], steps: unknown[] = []) => ({
    id: 7,
    clusterId: "c1",
    revision: 3,
    mode: null,
    status,
    steps,
    error: null,
    plan: {
      revision: 3,
      noChange: false,
      drift: false,
      nodes: [
        {
          node: "lb-b",
          side: "backup",
          drift: [],
          files: [
            {
              path: "/etc/haproxy/haproxy.cfg",
              changed: true,
              diff: "--- node\n+++ rendered\n+    timeout client 30s\n",
            },
          ],
        },
      ],
    },
  });
  const reads = [view("planned"), view("running", [step("running")]), view(outcome, [step("done")])];
  const script = { started: undefined as unknown, fetch: undefined as unknown as typeof fetch };
  let read = 0;
  script.fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    if (path === "/api/clusters") return json([{ id: "c1", name: "edge" }]);
    if (path === "/api/clusters/c1/definition") return json({ revision: 3, definition: {} });
    if (path === "/api/clusters/c1/rollouts") return json({ rollout: view("planning") }, 202);
    if (path === "/api/clusters/c1/rollouts/7/start") {
      script.started = await request.json();
      return json({ rollout: view("pending") }, 202);
    }
    if (path === "/api/clusters/c1/rollouts/7")
      return json({ rollout: reads[Math.min(read++, reads.length - 1)] });
    return json({ issues: [{ path: "(test)", message: `unexpected ${path}` }] }, 404);
  };
  return script;
}

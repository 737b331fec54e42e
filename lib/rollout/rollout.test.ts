import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { validateDefinition, type ClusterDefinition } from "@/lib/cluster/definition";
import { parseShowProc } from "@/lib/probes/parse/master-proc";
import type { ClusterStatus } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import { nodeObservation } from "@/lib/status/__fixtures__/observation";
import { healthSettleMs, lostServers } from "./backends";
import { backupPath, candidatePath, desiredFiles, maskSecrets, sha256, withNodePriority } from "./files";
import { gateProblems, rolloutOrder } from "./gate";
import { buildPlan } from "./plan";
import { reloadVerdict } from "./reload";
import { resumeProblems } from "./resume";
import { rollbackSteps, rolloutSteps } from "./steps";
import { rolloutStartRequestSchema, type FileRole, type RolloutPlan } from "./types";

// Golden files: `npx vitest run lib/rollout -u` rewrites them; review the diff.
const FIXTURES = join(import.meta.dirname, "../cluster/__fixtures__/article");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

function valid(input: unknown): ClusterDefinition {
  const result = validateDefinition(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

const definition = valid(articlePair);
const desired = desiredFiles(definition);
const order = { backup: "lb-02", master: "lb-01" };
/** The article's hand-written files, as a pair adopted by hapair holds them before its first rollout. */
const handWritten = {
  "lb-01": {
    "/etc/haproxy/haproxy.cfg": fixture("haproxy.cfg"),
    "/etc/keepalived/keepalived.conf": fixture("lb-01.keepalived.conf"),
    "/etc/keepalived/hapair-notify.sh": null,
  },
  "lb-02": {
    "/etc/haproxy/haproxy.cfg": fixture("haproxy.cfg"),
    "/etc/keepalived/keepalived.conf": fixture("lb-02.keepalived.conf"),
    "/etc/keepalived/hapair-notify.sh": null,
  },
};
const plan = buildPlan({ revision: 3, order, desired, current: handWritten, lastPushed: null });

function planText(p: RolloutPlan): string {
  return p.nodes
    .flatMap((n) => [
      `## ${n.node} (${n.side})${n.drift.length ? ` drift: ${n.drift.join("; ")}` : ""}`,
      ...n.files.map((f) => `### ${f.role} ${f.path} ${f.changed ? "changes" : "unchanged"}\n${f.diff}`),
    ])
    .join("\n");
}

describe("the rollout plan", () => {
  it("diffs the rendered files against the files read from each node, backup first (golden)", async () => {
    expect(plan.nodes.map((n) => [n.node, n.side])).toEqual([
      ["lb-02", "backup"],
      ["lb-01", "master"],
    ]);
    expect(plan.noChange).toBe(false);
    expect(plan.drift).toBe(false);
    await expect(planText(plan)).toMatchFileSnapshot("__golden__/plan-article-first-rollout.txt");
  });

  it("never shows the VRRP password in a diff", () => {
    const all = plan.nodes.flatMap((n) => n.files.map((f) => f.diff)).join("\n");
    expect(all).not.toContain(definition.vrrp.authPass ?? "chgme123");
    expect(all).toContain("auth_pass <kept>");
    expect(maskSecrets("  auth_pass s3cret\n")).toBe("  auth_pass <kept>\n");
  });

  it("flags drift: a file changed since hapair pushed it, and haproxy.cfg differing between nodes", () => {
    const pushed = Object.fromEntries(
      Object.entries(desired).map(([node, files]) => [
        node,
        Object.fromEntries(files.map((f) => [f.role, sha256(f.text)])),
      ]),
    ) as Record<string, Partial<Record<FileRole, string>>>;
    const current = Object.fromEntries(
      Object.entries(desired).map(([node, files]) => [
        node,
        Object.fromEntries(files.map((f) => [f.path, f.text])),
      ]),
    );
    const clean = buildPlan({ revision: 4, order, desired, current, lastPushed: pushed });
    expect(clean).toMatchObject({ noChange: true, drift: false });
    const edited = structuredClone(current);
    (edited["lb-01"] as Record<string, string>)["/etc/haproxy/haproxy.cfg"] +=
      "# maxconn raised during a fire\n";
    const drifted = buildPlan({ revision: 4, order, desired, current: edited, lastPushed: pushed });
    expect(drifted.drift).toBe(true);
    expect(drifted.nodes.find((n) => n.node === "lb-01")?.drift).toEqual([
      "/etc/haproxy/haproxy.cfg was changed on lb-01 since hapair last pushed it",
      "haproxy.cfg differs between lb-02 and lb-01",
    ]);
    expect(drifted.nodes.find((n) => n.node === "lb-02")?.drift).toEqual([
      "haproxy.cfg differs between lb-02 and lb-01",
    ]);
  });

  it("names candidates beside their targets and numbered backups", () => {
    expect(candidatePath("/etc/haproxy/haproxy.cfg", 7)).toBe("/etc/haproxy/.haproxy.cfg.hapair-candidate-7");
    expect(backupPath("/etc/haproxy/haproxy.cfg", 7)).toBe("/etc/haproxy/haproxy.cfg.hapair-7");
    expect(withNodePriority(definition, "lb-01", 1).nodes.map((n) => n.priority)).toEqual([1, 100]);
  });
});

describe("the step list", () => {
  const changed = {
    "lb-02": new Set<FileRole>(["haproxy.cfg", "keepalived.conf"]),
    "lb-01": new Set<FileRole>(["haproxy.cfg"]),
  };
  const text = (steps: { kind: string; node: string | null }[]) =>
    steps.map((s) => `${s.kind}${s.node ? `@${s.node}` : ""}`).join(" ");

  it("graceful: gate, preflight both, backup fully, then master; keepalived reloaded only where it changed", () => {
    expect(text(rolloutSteps({ mode: "graceful", ...order, changed }))).toBe(
      "gate preflight@lb-02 preflight@lb-01 certificates install@lb-02 reload-haproxy@lb-02 check-backends@lb-02 reload-keepalived@lb-02 install@lb-01 reload-haproxy@lb-01 check-backends@lb-01 confirm",
    );
  });

  it("verify-on-backup: failover and a VIP probe before the master, failback after", () => {
    expect(text(rolloutSteps({ mode: "verify-on-backup", ...order, changed }))).toBe(
      "gate preflight@lb-02 preflight@lb-01 certificates install@lb-02 reload-haproxy@lb-02 check-backends@lb-02 reload-keepalived@lb-02 failover@lb-01 probe-vip@lb-02 install@lb-01 reload-haproxy@lb-01 check-backends@lb-01 failback@lb-01 confirm",
    );
  });

  it("restores the node that failed (and the master after a failover), never an untouched one", () => {
    const steps = rolloutSteps({ mode: "graceful", ...order, changed }).map((s, i) => ({
      ...s,
      status: i <= 5 ? "done" : "pending",
    }));
    expect(text(rollbackSteps(steps, { kind: "reload-haproxy", node: "lb-02", status: "failed" }))).toBe(
      "restore@lb-02 confirm",
    );
    const failedInPreflight = steps.map((s, i) => ({
      ...s,
      status: i === 0 ? "done" : i === 1 ? "failed" : "pending",
    }));
    expect(rollbackSteps(failedInPreflight, { kind: "preflight", node: "lb-02", status: "failed" })).toEqual(
      [],
    );
    const verify = rolloutSteps({ mode: "verify-on-backup", ...order, changed }).map((s) => ({
      ...s,
      status:
        s.kind === "probe-vip"
          ? "failed"
          : ["install", "reload-haproxy", "check-backends", "failback", "confirm"].includes(s.kind) &&
              s.node !== "lb-02"
            ? "pending"
            : "done",
    }));
    expect(text(rollbackSteps(verify, { kind: "probe-vip", node: "lb-02", status: "failed" }))).toBe(
      "restore@lb-02 restore@lb-01 confirm",
    );
    const failedOnMaster = steps.map((s) =>
      s.node === "lb-01" && s.kind === "install"
        ? { ...s, status: "failed" }
        : s.node === "lb-02" || s.node === null
          ? { ...s, status: s.kind === "confirm" ? "pending" : "done" }
          : s,
    );
    expect(text(rollbackSteps(failedOnMaster, { kind: "install", node: "lb-01", status: "failed" }))).toBe(
      "restore@lb-01 confirm",
    );
  });
});

describe("the gate", () => {
  const observation = (node: string, fields: Partial<NodeObservation> = {}) => nodeObservation(node, fields);
  const healthy: ClusterStatus = { health: "healthy", holder: "lb-01", reasons: [] };

  it("lets a healthy cluster go and refuses split-brain or an unreachable backup", () => {
    expect(
      gateProblems({ status: healthy, observations: { "lb-02": observation("lb-02") }, backup: "lb-02" }),
    ).toEqual([]);
    expect(
      gateProblems({
        status: { health: "split-brain", holder: null, reasons: ["VIP held by lb-01 and lb-02"] },
        observations: { "lb-02": observation("lb-02") },
        backup: "lb-02",
      }),
    ).toEqual(["split-brain: VIP held by lb-01 and lb-02"]);
    expect(
      gateProblems({
        status: healthy,
        observations: { "lb-02": observation("lb-02", { reachable: false, error: "timed out" }) },
        backup: "lb-02",
      }),
    ).toEqual(["backup lb-02 is unreachable: timed out"]);
  });

  it("takes the node without the VIP as the backup", () => {
    const nodes = definition.nodes;
    expect(rolloutOrder(nodes, "lb-01")).toEqual({ backup: "lb-02", master: "lb-01" });
    expect(rolloutOrder(nodes, "lb-02")).toEqual({ backup: "lb-01", master: "lb-02" });
    expect(rolloutOrder(nodes, null)).toEqual({ backup: "lb-02", master: "lb-01" });
  });

  it("requires a reason to force", () => {
    expect(
      rolloutStartRequestSchema
        .safeParse({ mode: "graceful", force: true })
        .error?.issues.map((i) => i.path.join(".")),
    ).toEqual(["reason"]);
    expect(rolloutStartRequestSchema.safeParse({ mode: "restart" }).success).toBe(false);
  });
});

describe("reload proof and backend health", () => {
  const before = parseShowProc(
    "8092 master 0 [failed: 0] 0d00h00m07s 2.6\n# workers\n8093 worker 0 0d00h00m07s 2.6\n",
  );
  const after = parseShowProc(
    readFileSync(
      join(import.meta.dirname, "../probes/parse/__fixtures__/show-proc-after-reload.txt"),
      "utf8",
    ),
  );

  it("counts a reload done only with a new worker, and a failed one as failed", () => {
    expect(reloadVerdict(before, before)).toEqual({ state: "waiting" });
    expect(reloadVerdict(before, after)).toEqual({ state: "done", workers: [8128] });
    expect(reloadVerdict(before, { ...after, failedReloads: 1 })).toMatchObject({ state: "failed" });
    expect(reloadVerdict(before, { ...after, masterPid: 9000 })).toMatchObject({ state: "failed" });
  });

  it("finds servers that were up and are not, and waits out fall × inter", () => {
    expect(
      lostServers(
        { "be/a": true, "be/b": true, "be/c": false },
        { "be/a": true, "be/b": false, "be/c": false, "be/d": false },
      ),
    ).toEqual(["be/b"]);
    // Servers removed: fewer up is fine. Servers renamed onto a dead port: the backend lost them.
    expect(lostServers({ "be/a": true, "be/b": true, "be/c": true }, { "be/a": true, "be/b": true })).toEqual(
      [],
    );
    expect(lostServers({ "be/a": true, "be/b": true }, { "be/x": false, "be/y": false })).toEqual([
      "be (0 of 2 servers up)",
    ]);
    expect(healthSettleMs(definition)).toBe(7_000);
  });
});

describe("the server-state file before a reload", () => {
  // As HAProxy 2.6 dumped it on a lab node; app-02 drained.
  const dump = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 be_app 1 app-01 10.0.1.11 2 0 1 1 349 15 3 4 6 0 0 0 - 8080 - 0 0 - - 0
3 be_app 2 app-02 10.0.1.12 2 8 1 1 349 15 3 4 6 0 0 0 - 8080 - 0 0 - - 0
3 be_app 3 app-03 10.0.1.13 2 0 1 1 349 15 3 4 6 0 0 0 - 8080 - 0 0 - - 0
`;
  it("leaves out servers the new config moves (HAProxy would keep their old port), keeps the others' states", async () => {
    const { serverStateForConfig } = await import("./server-state");
    expect(serverStateForConfig(dump, definition)).toEqual({ text: dump, dropped: [] });
    const moved = {
      ...definition,
      haproxy: {
        ...definition.haproxy,
        backends: definition.haproxy.backends.map((b) => ({
          ...b,
          servers: b.servers.map((s) =>
            s.name === "app-01"
              ? { ...s, port: 9 }
              : s.name === "app-03"
                ? { ...s, address: "10.0.1.99" }
                : s,
          ),
        })),
      },
    };
    const shaped = serverStateForConfig(dump, moved);
    expect(shaped.dropped).toEqual(["be_app/app-01", "be_app/app-03"]);
    expect(
      shaped.text
        .split("\n")
        .filter((l) => /^3 /.test(l))
        .map((l) => l.split(" ")[3]),
    ).toEqual(["app-02"]);
  });
});

describe("resuming after an agent crash", () => {
  const steps = rolloutSteps({
    mode: "graceful",
    ...order,
    changed: { "lb-02": new Set<FileRole>(["haproxy.cfg"]), "lb-01": new Set<FileRole>(["haproxy.cfg"]) },
  });
  const shas = (which: "before" | "after", node: string) =>
    Object.fromEntries(
      (plan.nodes.find((n) => n.node === node)?.files ?? []).map((f) => [
        f.path,
        which === "before" ? f.beforeSha : f.afterSha,
      ]),
    );
  const at = (doneUpTo: number, running: number) =>
    steps.map((s, i) => ({ ...s, status: i <= doneUpTo ? "done" : i === running ? "running" : "pending" }));

  it("resumes when every node holds what the finished steps imply", () => {
    expect(
      resumeProblems({
        mode: "graceful",
        plan,
        steps: at(4, 5),
        now: { "lb-02": shas("after", "lb-02"), "lb-01": shas("before", "lb-01") },
        loweredSha: null,
      }),
    ).toEqual([]);
    expect(
      resumeProblems({
        mode: "graceful",
        plan,
        steps: at(3, 4),
        now: {
          "lb-02": {
            ...shas("before", "lb-02"),
            "/etc/haproxy/haproxy.cfg": shas("after", "lb-02")["/etc/haproxy/haproxy.cfg"] ?? null,
          },
          "lb-01": shas("before", "lb-01"),
        },
        loweredSha: null,
      }),
    ).toEqual([]);
  });

  it("refuses when a node holds something else, or cannot be read", () => {
    expect(
      resumeProblems({
        mode: "graceful",
        plan,
        steps: at(4, 5),
        now: { "lb-02": shas("before", "lb-02"), "lb-01": shas("before", "lb-01") },
        loweredSha: null,
      })[0],
    ).toMatch(/lb-02: .* is the before version, expected after/);
    expect(
      resumeProblems({
        mode: "graceful",
        plan,
        steps: at(4, 5),
        now: {
          "lb-02": { ...shas("after", "lb-02"), "/etc/haproxy/haproxy.cfg": "0".repeat(64) },
          "lb-01": shas("before", "lb-01"),
        },
        loweredSha: null,
      })[0],
    ).toMatch(/neither the previous nor the new/);
    expect(
      resumeProblems({
        mode: "graceful",
        plan,
        steps: at(4, 5),
        now: { "lb-02": shas("after", "lb-02") },
        loweredSha: null,
      }),
    ).toEqual(["lb-01 cannot be read"]);
  });
});

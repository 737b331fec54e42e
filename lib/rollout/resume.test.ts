/**
 * The resume decision after an agents crash, for every step of both modes: the nodes hold what a
 * real run leaves behind when it is killed during (or just before) that step, and the decision must
 * be to go on. Files the rollout does not change (same hash before and after) are the common case
 * from the second rollout on, and were once counted as "after" only.
 */
import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { validateDefinition, type ClusterDefinition } from "@/lib/cluster/definition";
import { desiredFiles, sha256 } from "./files";
import { buildPlan } from "./plan";
import { resumeDecision, type ResumeInput } from "./resume";
import { rolloutSteps } from "./steps";
import type { FileRole, RolloutMode, RolloutPlan, StepSpec } from "./types";

function valid(input: unknown): ClusterDefinition {
  const result = validateDefinition(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

const order = { backup: "lb-02", master: "lb-01" };
const previous = valid(articlePair);
const next = valid({
  ...articlePair,
  haproxy: { ...previous.haproxy, global: { ...previous.haproxy.global, maxconn: 9003 } },
});
const LOWERED = sha256("the master's keepalived.conf with priority 1");

/** The nodes hold the previous revision as hapair rendered it: only haproxy.cfg changes. */
function planFor(): RolloutPlan {
  const held = desiredFiles(previous);
  const current = Object.fromEntries(
    Object.entries(held).map(([node, files]) => [
      node,
      Object.fromEntries(files.map((f) => [f.path, f.text])),
    ]),
  );
  return buildPlan({ revision: 2, order, desired: desiredFiles(next), current, lastPushed: null });
}

type NodeFiles = Record<string, string | null>;

/** Runs the steps before `index` on simulated nodes (and, when `partway`, the first file of an install at `index`). */
function nodesAt(
  plan: RolloutPlan,
  steps: StepSpec[],
  index: number,
  partway: boolean,
): Record<string, NodeFiles> {
  const nodes: Record<string, NodeFiles> = Object.fromEntries(
    plan.nodes.map((n) => [n.node, Object.fromEntries(n.files.map((f) => [f.path, f.beforeSha]))]),
  );
  const apply = (step: StepSpec, onlyFirst: boolean) => {
    const files = plan.nodes.find((n) => n.node === step.node)?.files ?? [];
    const target = step.node ? nodes[step.node] : undefined;
    if (!target) return;
    if (step.kind === "install")
      for (const f of onlyFirst
        ? files.filter((x) => x.changed || x.role === "keepalived.conf").slice(0, 1)
        : files)
        target[f.path] = f.afterSha;
    if (step.kind === "failover")
      for (const f of files.filter((x) => x.role === "keepalived.conf")) target[f.path] = LOWERED;
  };
  steps.slice(0, index).forEach((s) => apply(s, false));
  const current = steps[index];
  if (partway && current) apply(current, true);
  return nodes;
}

function input(
  mode: RolloutMode,
  plan: RolloutPlan,
  steps: StepSpec[],
  index: number,
  running: boolean,
  now: ResumeInput["now"],
): ResumeInput {
  return {
    mode,
    plan,
    steps: steps.map((s, i) => ({
      ...s,
      status: i < index ? "done" : i === index && running ? "running" : "pending",
    })),
    now,
    loweredSha: LOWERED,
  };
}

describe("resuming after an agents crash, step by step", () => {
  const plan = planFor();
  it("the plan changes haproxy.cfg only (the other files have the same hash before and after)", () => {
    expect(
      plan.nodes.flatMap((n) => n.files.filter((f) => f.changed).map((f) => `${n.node} ${f.role}`)),
    ).toEqual(["lb-02 haproxy.cfg", "lb-01 haproxy.cfg"]);
  });

  for (const mode of ["graceful", "verify-on-backup"] as const) {
    const changed = {
      "lb-02": new Set<FileRole>(["haproxy.cfg"]),
      "lb-01": new Set<FileRole>(["haproxy.cfg"]),
    };
    const steps = rolloutSteps({ mode, ...order, changed });
    for (const [index, step] of steps.entries()) {
      const name = `${mode}: killed during ${step.kind}${step.node ? ` on ${step.node}` : ""}`;
      it(`${name} resumes (before it acted, part-way, and between steps)`, () => {
        expect(
          resumeDecision(input(mode, plan, steps, index, true, nodesAt(plan, steps, index, false))),
        ).toEqual({ action: "resume" });
        expect(
          resumeDecision(input(mode, plan, steps, index, true, nodesAt(plan, steps, index, true))),
        ).toEqual({ action: "resume" });
        // Killed after the step finished on the node but before it was written done.
        expect(
          resumeDecision(input(mode, plan, steps, index, true, nodesAt(plan, steps, index + 1, false))),
        ).toEqual({ action: "resume" });
        // Killed between two steps: nothing running, the next one pending.
        expect(
          resumeDecision(input(mode, plan, steps, index, false, nodesAt(plan, steps, index, false))),
        ).toEqual({ action: "resume" });
      });
    }
  }

  it("restores when a node holds a file that is neither version, and says which", () => {
    const steps = rolloutSteps({
      mode: "graceful",
      ...order,
      changed: { "lb-02": new Set<FileRole>(["haproxy.cfg"]), "lb-01": new Set<FileRole>(["haproxy.cfg"]) },
    });
    const master = steps.findIndex((s) => s.kind === "install" && s.node === "lb-01");
    const now = nodesAt(plan, steps, master, false);
    const edited = {
      ...now,
      "lb-01": { ...now["lb-01"], "/etc/haproxy/haproxy.cfg": sha256("edited by hand") },
    };
    const decision = resumeDecision(input("graceful", plan, steps, master, true, edited));
    expect(decision).toEqual({
      action: "restore",
      reason: expect.stringMatching(
        /^lb-01: \/etc\/haproxy\/haproxy.cfg is neither the previous nor the new version/,
      ),
    });
    // The backup installed but its install not written done: the new version there is expected.
    const backupDone = nodesAt(plan, steps, master, false);
    const decision2 = resumeDecision(
      input("graceful", plan, steps, master, true, {
        ...backupDone,
        "lb-02": {
          ...backupDone["lb-02"],
          "/etc/haproxy/haproxy.cfg":
            plan.nodes[0]?.files.find((f) => f.role === "haproxy.cfg")?.beforeSha ?? null,
        },
      }),
    );
    expect(decision2).toEqual({
      action: "restore",
      reason: "lb-02: /etc/haproxy/haproxy.cfg is the before version, expected after",
    });
  });

  it("stops when a node cannot be read, with the error that stopped it", () => {
    const steps = rolloutSteps({
      mode: "graceful",
      ...order,
      changed: { "lb-02": new Set<FileRole>(["haproxy.cfg"]), "lb-01": new Set<FileRole>(["haproxy.cfg"]) },
    });
    const now = nodesAt(plan, steps, 5, false);
    expect(
      resumeDecision({
        ...input("graceful", plan, steps, 5, true, { "lb-02": now["lb-02"] }),
        readErrors: { "lb-01": "connect ECONNREFUSED 10.0.0.11:22" },
      }),
    ).toEqual({ action: "stop", reason: "lb-01 cannot be read (connect ECONNREFUSED 10.0.0.11:22)" });
  });
});

/**
 * The rollout executor as a state machine over fake nodes and an in-memory store (no root, no SSH,
 * a virtual clock): the happy path, a failure on the backup, on the master, a restore that fails,
 * an abort and its resume, and the agents killed at each changing step (issue 14 item 1: the
 * rollout completes or restores, both nodes end even, candidates are removed, the reason is real).
 */
import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";
import { certificatePaths } from "@/lib/cluster/render";
import { desiredFiles, sha256 } from "@/lib/rollout/files";
import { rolloutOrder } from "@/lib/rollout/gate";
import { buildPlan, changedRoles } from "@/lib/rollout/plan";
import { rolloutSteps } from "@/lib/rollout/steps";
import type { RolloutMode, RolloutView } from "@/lib/rollout/types";
import { Crash, FakePair, fakeEnv, MemoryStore, World } from "./__testing__/fake-pair";
import { executeRollout } from "./execute";
import { recoverRollout } from "./recover";

const withMaxconn = (maxconn: number): ClusterDefinition => {
  const d = clusterDefinitionSchema.parse(articlePair);
  return { ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn } } };
};
const OLD = withMaxconn(50_000);
const NEW = withMaxconn(9_001);
const isNew = (cfg: string) => cfg.includes("maxconn 9001");
const CFG = OLD.paths.haproxyConfig;
const [MASTER, BACKUP] = ["lb-01", "lb-02"] as const;

/** A pair running OLD, a planned rollout of NEW (only haproxy.cfg changes), its steps in the store. */
async function setup(mode: RolloutMode = "graceful", next: ClusterDefinition = NEW) {
  const world = new World();
  const files = Object.fromEntries(
    OLD.nodes.map((n) => [
      n.name,
      {
        ...Object.fromEntries((desiredFiles(OLD)[n.name] ?? []).map((f) => [f.path, f.text])),
        ...Object.fromEntries(certificatePaths(OLD).map((p) => [p, "PEM"])),
      },
    ]),
  );
  const pair = new FakePair(world, next, files);
  const order = rolloutOrder(NEW.nodes, pair.holder());
  const plan = buildPlan({
    revision: 2,
    order,
    desired: desiredFiles(next),
    current: files,
    lastPushed: null,
  });
  const store = new MemoryStore(world);
  const rollout: RolloutView = {
    id: 7,
    clusterId: "c1",
    revision: 2,
    mode,
    status: "running",
    requestedBy: "t",
    startedBy: "t",
    forceReason: null,
    driftConfirmed: true,
    plan,
    error: null,
    createdAt: new Date().toISOString(),
    startedAt: new Date().toISOString(),
    finishedAt: null,
    steps: [],
  };
  const specs = rolloutSteps({
    mode,
    ...order,
    changed: {
      [order.backup]: changedRoles(plan, order.backup),
      [order.master]: changedRoles(plan, order.master),
    },
  });
  await store.addSteps(
    rollout.id,
    specs.map((s, index) => ({ ...s, index })),
  );
  const env = fakeEnv(world, store, pair, next);
  const steps = () => store.rows.get(rollout.id) ?? [];
  const step = (kind: string, node: string | null) => steps().find((s) => s.kind === kind && s.node === node);
  /** Both nodes hold one revision's files, no candidate left, and the VIP is on the master. */
  const even = (which: "afterSha" | "beforeSha") => {
    for (const n of plan.nodes) {
      const node = pair.nodes[n.node];
      for (const f of n.files)
        expect(`${n.node} ${f.path} ${sha256(node?.files.get(f.path) ?? "")}`).toBe(
          `${n.node} ${f.path} ${f[which]}`,
        );
      expect([...(node?.files.keys() ?? [])].filter((p) => p.includes("hapair-candidate"))).toEqual([]);
    }
    expect(pair.nodes[MASTER]?.files.get(CFG)).toBe(pair.nodes[BACKUP]?.files.get(CFG));
    expect(pair.holder()).toBe(MASTER);
  };
  return { world, pair, store, rollout, env, steps, step, even };
}

describe("executeRollout", () => {
  it("creates the empty ACME challenge map before HAProxy checks a config naming it, and keeps an existing one", async () => {
    const acme = {
      directoryUrl: "https://acme.test/dir",
      challengeMap: "/etc/haproxy/acme.map",
      renewBeforeDays: 30,
      certificates: [],
    };
    const t = await setup("graceful", { ...NEW, acme });
    t.pair.nodes[MASTER]?.files.set(acme.challengeMap, "tok ka\n");
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    expect(t.pair.nodes[BACKUP]?.files.get(acme.challengeMap)).toBe("");
    expect(t.pair.nodes[MASTER]?.files.get(acme.challengeMap)).toBe("tok ka\n");
    expect(t.step("preflight", BACKUP)?.log.map((l) => l.line)).toContain(
      "created the empty ACME challenge map /etc/haproxy/acme.map",
    );
  });

  it("runs every step once and ends succeeded with the new files on both nodes", async () => {
    const t = await setup();
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    expect(t.store.finished).toEqual({ status: "succeeded", error: null });
    expect(
      t.steps().map((s) => `${s.kind} ${s.node ?? ""} ${s.status} ${s.attempt}`.replace("  ", " ")),
    ).toEqual([
      "gate done 1",
      `preflight ${BACKUP} done 1`,
      `preflight ${MASTER} done 1`,
      "certificates done 1",
      `install ${BACKUP} done 1`,
      `reload-haproxy ${BACKUP} done 1`,
      `check-backends ${BACKUP} done 1`,
      `install ${MASTER} done 1`,
      `reload-haproxy ${MASTER} done 1`,
      `check-backends ${MASTER} done 1`,
      "confirm done 1",
    ]);
    t.even("afterSha");
    expect(t.pair.nodes[BACKUP]?.files.get(`${CFG}.hapair-7`)).toContain("maxconn 50000");
    // The log and output are appended line by line, as the steps wrote them.
    expect(
      t
        .step("reload-haproxy", BACKUP)
        ?.log.map((l) => l.line)
        .join("\n"),
    ).toMatch(/server states saved[^]*reloaded: new worker/);
  });

  it("puts the certificates hapair holds for the new config's paths on both nodes at preflight, old file kept", async () => {
    const t = await setup();
    const [path] = certificatePaths(NEW);
    if (!path) throw new Error("the fixture names no certificate");
    const env = {
      ...t.env,
      openNodes: () =>
        Promise.resolve({ definition: NEW, nodes: t.pair.nodes, certificates: { [path]: "NEW PEM" } }),
    };
    expect(await executeRollout(env, t.rollout, new AbortController().signal)).toBe("succeeded");
    for (const node of [MASTER, BACKUP]) {
      expect(t.pair.nodes[node]?.files.get(path)).toBe("NEW PEM");
      expect(t.pair.nodes[node]?.files.get(`${path}.hapair-7`)).toBe("PEM");
    }
    expect(t.step("preflight", BACKUP)?.log.map((l) => l.line)).toContain(
      `installed certificate ${path} (old file kept as the rollout's backup)`,
    );
    // Installed before the config was validated: the upload precedes haproxy -c on the candidate.
    const events = t.world.events.filter((e) => e.startsWith(`${BACKUP} `));
    expect(events.findIndex((e) => e === `${BACKUP} upload ${path}`)).toBeLessThan(
      events.findIndex((e) => e.startsWith(`${BACKUP} check`)),
    );
  });

  it("records each keepalived reload against the master-down time, the master kept MASTER", async () => {
    const next = {
      ...NEW,
      nodes: [
        { ...NEW.nodes[0], priority: NEW.nodes[0].priority - 1 },
        { ...NEW.nodes[1], priority: NEW.nodes[1].priority - 1 },
      ] satisfies ClusterDefinition["nodes"],
    };
    const t = await setup("graceful", next);
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    expect(t.step("reload-keepalived", MASTER)?.data.keepalivedReload).toMatchObject({
      stateBefore: "MASTER",
      stateAfter: "MASTER",
      masterLeftDuringReload: false,
      masterDownMs:
        3000 + Math.round(((256 - (next.nodes.find((n) => n.name === BACKUP)?.priority ?? 0)) / 256) * 1000),
    });
    expect(
      t
        .step("reload-keepalived", MASTER)
        ?.log.map((l) => l.line)
        .join("\n"),
    ).toMatch(
      /VRRP state kept through the reload \(MASTER → MASTER; reload \d+ ms against a master-down time of \d+ ms\)/,
    );
  });

  it("records the failover's reload without a warning: that step moves the VIP on purpose", async () => {
    const t = await setup("verify-on-backup");
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    const failover = t.step("failover", MASTER);
    expect(failover?.log.map((l) => l.line).join("\n")).not.toMatch(/WARNING/);
    expect(failover?.data.keepalivedReload).toMatchObject({ movesVip: true, stateBefore: "MASTER" });
  });

  it("after a success, keeps only the newest rollout.keepBackups numbered backups per file", async () => {
    const t = await setup("graceful", { ...NEW, rollout: { keepBackups: 3 } });
    const backup = t.pair.nodes[BACKUP];
    for (let id = 1; id <= 6; id += 1) backup?.files.set(`${CFG}.hapair-${id}`, "old");
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    const kept = [...(backup?.files.keys() ?? [])].filter((p) => p.startsWith(`${CFG}.hapair-`)).sort();
    expect(kept).toEqual([`${CFG}.hapair-5`, `${CFG}.hapair-6`, `${CFG}.hapair-7`]);
  });

  it("verify-on-backup: fails over to the backup, probes the VIP, fails back", async () => {
    const t = await setup("verify-on-backup");
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    expect(
      t
        .step("failover", MASTER)
        ?.log.map((l) => l.line)
        .join("\n"),
    ).toMatch(`the VIP is on ${BACKUP} alone`);
    expect(
      t
        .step("failback", MASTER)
        ?.log.map((l) => l.line)
        .join("\n"),
    ).toMatch(`the VIP is on ${MASTER} alone`);
    t.even("afterSha");
  });

  it("the backup refuses the config: nothing changes on any node, the reason is the step's error", async () => {
    const t = await setup();
    t.world.faults.checkFails = (node, text) => node === BACKUP && isNew(text);
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("failed");
    expect(t.step("preflight", BACKUP)?.error).toMatch(/^haproxy refused the new config on lb-02 \(exit 1\)/);
    expect(t.store.finished?.error).toMatch(
      /^preflight on lb-02: haproxy refused the new config on lb-02 .*; nothing was changed$/,
    );
    expect(t.steps().filter((s) => s.status === "skipped").length).toBe(9);
    t.even("beforeSha");
  });

  it("the backup's backends go down after its reload: the backup is restored and verified (rolled-back)", async () => {
    const t = await setup();
    t.world.faults.serversDown = (node, cfg) => node === BACKUP && isNew(cfg);
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("rolled-back");
    expect(t.store.finished?.error).toMatch(
      /^check-backends on lb-02: servers up before the reload are not up on lb-02: be_app\/app-01.*; restored and verified$/,
    );
    expect(
      t
        .steps()
        .slice(-2)
        .map((s) => `${s.kind} ${s.node ?? ""} ${s.status}`),
    ).toEqual([`restore ${BACKUP} done`, "confirm  done"]);
    expect(t.step("install", MASTER)?.status).toBe("skipped");
    t.even("beforeSha");
  });

  it("the master's reload fails: the master is restored, the backup keeps the new config", async () => {
    const t = await setup();
    t.world.faults.reloadFails = (node, cfg) => node === MASTER && isNew(cfg);
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("rolled-back");
    expect(t.step("reload-haproxy", MASTER)?.error).toMatch(/the reload failed \(\[failed: 1\]\)/);
    expect(
      t
        .steps()
        .slice(-2)
        .map((s) => `${s.kind} ${s.node ?? ""} ${s.status}`),
    ).toEqual([`restore ${MASTER} done`, "confirm  done"]);
    expect(sha256(t.pair.nodes[BACKUP]?.files.get(CFG) ?? "")).toBe(
      t.rollout.plan?.nodes[0]?.files[1]?.afterSha,
    );
    expect(sha256(t.pair.nodes[MASTER]?.files.get(CFG) ?? "")).toBe(
      t.rollout.plan?.nodes[1]?.files[1]?.beforeSha,
    );
  });

  it("the restore fails too: failed, with both errors", async () => {
    const t = await setup();
    t.world.faults.reloadFails = (node) => node === MASTER;
    expect(await executeRollout(t.env, t.rollout, new AbortController().signal)).toBe("failed");
    expect(t.store.finished?.error).toMatch(
      /^reload-haproxy on lb-01: lb-01: the reload failed .*; then the restore failed: lb-01: the reload failed/,
    );
    expect(t.step("restore", MASTER)?.status).toBe("failed");
    expect(t.step("confirm", null)?.status).toBe("skipped");
  });

  it("an abort (agents stopping) leaves the rollout running; the next process resumes the aborted step", async () => {
    const t = await setup();
    const stop = new AbortController();
    t.world.signal = stop.signal;
    t.world.onEvent = (e) => {
      if (e === `${BACKUP} rename ${CFG}`) stop.abort(new Error("agents stopping"));
    };
    expect(await executeRollout(t.env, t.rollout, stop.signal)).toBeNull();
    expect(t.store.finished).toBeNull();
    expect(t.step("install", BACKUP)?.status).toBe("interrupted");
    t.world.onEvent = undefined;
    t.world.signal = undefined;
    expect(await recoverRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    expect(t.step("install", BACKUP)?.attempt).toBe(2);
    expect(
      t
        .step("install", BACKUP)
        ?.log.map((l) => l.line)
        .join("\n"),
    ).toMatch(/agents restarted: every node re-read/);
    t.even("afterSha");
  });
});

describe("recoverRollout after the agents were killed", () => {
  async function crashAt(event: string) {
    const t = await setup();
    t.world.crashWhen = (e) => e === event;
    await expect(executeRollout(t.env, t.rollout, new AbortController().signal)).rejects.toThrow(Crash);
    expect(t.store.finished).toBeNull();
    t.world.restart();
    return t;
  }

  const POINTS = [
    { at: `${BACKUP} rename ${CFG}`, during: ["install", BACKUP] },
    { at: `${BACKUP} reload-haproxy`, during: ["reload-haproxy", BACKUP] },
    { at: `step check-backends ${BACKUP} running`, during: ["check-backends", BACKUP] },
    { at: `${MASTER} rename ${CFG}`, during: ["install", MASTER] },
    { at: `${MASTER} reload-haproxy`, during: ["reload-haproxy", MASTER] },
  ] as const;
  for (const point of POINTS) {
    it(`killed at "${point.at}": resumes from the step, every changing step done once, both nodes even`, async () => {
      const t = await crashAt(point.at);
      expect(t.step(point.during[0], point.during[1])?.status).toBe("running");
      expect(await recoverRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
      expect(
        t
          .step(point.during[0], point.during[1])
          ?.log.map((l) => l.line)
          .join("\n"),
      ).toMatch(/agents restarted: every node re-read/);
      // A reload that had happened is not run again.
      for (const node of [BACKUP, MASTER]) expect(t.pair.nodes[node]?.proc.reloads).toBe(1);
      t.even("afterSha");
    });
  }

  it("killed before the reload ran: the reload runs again", async () => {
    const t = await crashAt(`${BACKUP} save-server-state`);
    expect(await recoverRollout(t.env, t.rollout, new AbortController().signal)).toBe("succeeded");
    expect(
      t
        .step("reload-haproxy", BACKUP)
        ?.log.map((l) => l.line)
        .join("\n"),
    ).toMatch(/the reload had not happened: running it again/);
    t.even("afterSha");
  });

  it("killed after the reload and the reload failed: the backup is restored, rolled-back with the reason", async () => {
    const t = await setup();
    t.world.faults.reloadFails = (node, cfg) => node === BACKUP && isNew(cfg);
    t.world.crashWhen = (e) => e === `${BACKUP} reload-haproxy`;
    await expect(executeRollout(t.env, t.rollout, new AbortController().signal)).rejects.toThrow(Crash);
    t.world.restart();
    expect(await recoverRollout(t.env, t.rollout, new AbortController().signal)).toBe("rolled-back");
    expect(t.store.finished?.error).toMatch(
      /^reload-haproxy on lb-02: the reload failed .*; restored and verified$/,
    );
    t.even("beforeSha");
  });

  it("a node holding a file the steps do not explain is restored (rolled-back, 'agents restarted')", async () => {
    const t = await crashAt(`step check-backends ${BACKUP} running`);
    t.pair.nodes[BACKUP]?.files.set(CFG, "edited by hand\n");
    expect(await recoverRollout(t.env, t.rollout, new AbortController().signal)).toBe("rolled-back");
    expect(t.store.finished?.error).toMatch(
      /^check-backends on lb-02: the agents restarted during the rollout and it cannot go on: lb-02: \/etc\/haproxy\/haproxy.cfg is neither/,
    );
    expect(t.step("restore", BACKUP)?.status).toBe("done");
    for (const node of [BACKUP, MASTER])
      expect(
        [...(t.pair.nodes[node]?.files.keys() ?? [])].filter((p) => p.includes("hapair-candidate")),
      ).toEqual([]);
  });

  it("a node that cannot be read stops the rollout as interrupted, with the reason", async () => {
    const t = await crashAt(`${BACKUP} rename ${CFG}`);
    t.world.faults.unreachable = (node) => node === MASTER;
    expect(await recoverRollout(t.env, t.rollout, new AbortController().signal)).toBe("interrupted");
    expect(t.store.finished?.error).toMatch(
      /did not resume it: lb-01 cannot be read \(lb-01: connect ECONNREFUSED\)/,
    );
    expect(t.step("install", BACKUP)?.status).toBe("interrupted");
    expect(t.steps().filter((s) => s.status === "pending")).toEqual([]);
  });
});

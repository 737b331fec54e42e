/**
 * Two fake nodes and an in-memory step store for the rollout executor's unit tests: files in maps,
 * HAProxy's reload counter and workers, keepalived's priority read from the installed
 * keepalived.conf (the VIP goes to the highest), faults by predicate, and a "crash" that kills the
 * agents at a chosen event (every later store write and node call throws, as after SIGKILL; what was
 * written stays).
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { MasterProc } from "@/lib/probes/parse/master-proc";
import type { StatRow } from "@/lib/probes/parse/haproxy-stat";
import { backupsToPrune } from "@/lib/rollout/backups";
import { sha256 } from "@/lib/rollout/files";
import type { RolloutStatus, RolloutView, StepSpec } from "@/lib/rollout/types";
import type { RunStep, StepWrite } from "@/lib/store/rollout-steps";
import type { NodeObservation } from "@/lib/status/observation";
import type { Clock } from "@/agents/runtime/clock";
import type { RolloutEnv, RolloutStore } from "../env";
import type { CommandOutput, NodeOps } from "@/agents/runtime/node-ops";
import { pendingStep } from "../run";

export class Crash extends Error {
  constructor() {
    super("the agents process died");
  }
}

/** What happens, as "lb-02 rename /etc/haproxy/haproxy.cfg", "lb-01 reload-haproxy", "step install lb-02 running". */
export type Event = string;

export interface Faults {
  /** `haproxy -c` refuses the file on the node. */
  checkFails?: (node: string, text: string) => boolean;
  /** A reload of this config on the node fails (`show proc` counts a failed reload). */
  reloadFails?: (node: string, cfg: string) => boolean;
  /** Servers are down while the node runs this config. */
  serversDown?: (node: string, cfg: string) => boolean;
  /** The node cannot be read (SSH fails). */
  unreachable?: (node: string) => boolean;
}

export class World {
  dead = false;
  crashWhen: ((event: Event) => boolean) | undefined;
  onEvent: ((event: Event) => void) | undefined;
  faults: Faults = {};
  /** The agents' stop signal: node calls fail once it aborts, as SSH calls do. */
  signal: AbortSignal | undefined;
  readonly events: Event[] = [];
  private time = Date.now();

  readonly clock: Clock = {
    now: () => this.time,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      this.time += Math.max(0, ms);
      await Promise.resolve();
    },
  };

  alive(): void {
    if (this.dead) throw new Crash();
  }

  /** Records what happened; the agents die here if the test asked for it. */
  happened(event: Event): void {
    this.events.push(event);
    this.onEvent?.(event);
    if (this.crashWhen?.(event)) {
      this.dead = true;
      this.crashWhen = undefined;
      throw new Crash();
    }
  }

  /** The next agents process: alive, with the same nodes and database. */
  restart(): void {
    this.dead = false;
    this.crashWhen = undefined;
  }
}

const ok = (output = ""): CommandOutput => ({ ok: true, exitCode: 0, output });

export class FakeNode implements NodeOps {
  readonly files = new Map<string, string>();
  proc: MasterProc = {
    masterPid: 100,
    reloads: 0,
    failedReloads: 0,
    workers: [{ pid: 101, reloads: 0, uptime: "0s" }],
  };
  /** The haproxy.cfg the running workers loaded. */
  loadedCfg = "";
  priority = 0;
  private nextPid = 200;

  constructor(
    private readonly world: World,
    private readonly pair: FakePair,
    readonly name: string,
    readonly definition: ClusterDefinition,
  ) {}

  private act(op: string, arg = ""): void {
    this.world.alive();
    this.world.signal?.throwIfAborted();
    if (this.world.faults.unreachable?.(this.name)) throw new Error(`${this.name}: connect ECONNREFUSED`);
    this.world.happened(`${this.name} ${op}${arg ? ` ${arg}` : ""}`.trimEnd());
  }

  private get cfgPath(): string {
    return this.definition.paths.haproxyConfig;
  }

  async readText(path: string): Promise<string | null> {
    this.act("read", path);
    return this.files.get(path) ?? null;
  }

  async sha(path: string): Promise<string | null> {
    const text = await this.readText(path);
    return text === null ? null : sha256(text);
  }

  async upload(path: string, text: string): Promise<void> {
    this.world.alive();
    this.files.set(path, text);
    this.act("upload", path);
  }

  async command(template: string[], file = ""): Promise<CommandOutput> {
    const { commands } = this.definition;
    if (template === commands.haproxyReload) return this.reloadHaproxy();
    if (template === commands.keepalivedReload) return this.reloadKeepalived();
    this.act("check", file);
    if (
      template === commands.haproxyCheck &&
      this.world.faults.checkFails?.(this.name, this.files.get(file) ?? "")
    )
      return { ok: false, exitCode: 1, output: "[ALERT] parsing: unknown keyword" };
    return ok("Configuration file is valid");
  }

  async exists(path: string): Promise<boolean> {
    this.act("exists", path);
    return this.files.has(path);
  }

  async copy(from: string, to: string): Promise<void> {
    this.world.alive();
    const text = this.files.get(from);
    if (text === undefined) throw new Error(`cp: ${from}: No such file`);
    this.files.set(to, text);
    this.act("copy", `${from} ${to}`);
  }

  async rename(from: string, to: string): Promise<void> {
    this.world.alive();
    const text = this.files.get(from);
    if (text === undefined) throw new Error(`mv: ${from}: No such file`);
    this.files.delete(from);
    this.files.set(to, text);
    this.act("rename", to);
  }

  async pruneBackups(path: string, keep: number): Promise<string[]> {
    this.world.alive();
    const prune = backupsToPrune(path, [...this.files.keys()], keep);
    for (const p of prune) this.files.delete(p);
    return prune;
  }

  async remove(paths: string[]): Promise<void> {
    this.world.alive();
    for (const p of paths) this.files.delete(p);
    this.act("remove", paths.join(" "));
  }

  async nonlocalBind(): Promise<string> {
    this.act("nonlocal");
    return "1";
  }

  async certificateSums(paths: string[]): Promise<Record<string, string | null>> {
    this.act("certificates");
    return Object.fromEntries(
      paths.map((p) => [p, this.files.has(p) ? sha256(this.files.get(p) ?? "") : null]),
    );
  }

  async showProc(): Promise<MasterProc> {
    this.act("show-proc");
    return structuredClone(this.proc);
  }

  async showStat(): Promise<StatRow[]> {
    this.act("show-stat");
    const down = this.world.faults.serversDown?.(this.name, this.loadedCfg) ?? false;
    return this.definition.haproxy.backends.flatMap((b) =>
      b.servers.map((s) => ({
        proxy: b.name,
        name: s.name,
        type: "server" as const,
        status: down ? "DOWN" : "UP",
        weight: 1,
        checkStatus: down ? "L4CON" : "L7OK",
        checkDescription: null,
        currentSessions: 0,
        totalSessions: 0,
        address: `${s.address}:${s.port}`,
        lastChangeSec: 1,
      })),
    );
  }

  async saveServerState(): Promise<{ servers: number; dropped: string[]; dump: string }> {
    this.act("save-server-state");
    return { servers: 3, dropped: [], dump: "1\n# servers state\n" };
  }

  async writeServerState(): Promise<void> {
    this.act("write-server-state");
  }

  async reloadHaproxy(): Promise<CommandOutput> {
    this.world.alive();
    const cfg = this.files.get(this.cfgPath) ?? "";
    if (this.world.faults.reloadFails?.(this.name, cfg)) this.proc.failedReloads += 1;
    else {
      this.proc = {
        ...this.proc,
        reloads: this.proc.reloads + 1,
        workers: [
          { pid: this.nextPid++, reloads: 0, uptime: "0s" },
          ...this.proc.workers.map((w) => ({ ...w, reloads: w.reloads + 1 })),
        ],
      };
      this.loadedCfg = cfg;
    }
    this.act("reload-haproxy");
    return ok();
  }

  async reloadKeepalived(): Promise<CommandOutput> {
    this.world.alive();
    this.priority = priorityOf(this.files.get(this.definition.paths.keepalivedConfig) ?? "");
    this.act("reload-keepalived");
    return ok();
  }

  async observe(): Promise<NodeObservation> {
    this.act("observe");
    const holds = this.pair.holder() === this.name;
    return {
      node: this.name,
      at: new Date().toISOString(),
      reachable: true,
      error: null,
      hostKey: "pinned",
      vipsHeld: holds ? this.definition.vips.map((v) => v.address) : [],
      keepalived: {
        running: true,
        state: holds ? "MASTER" : "BACKUP",
        priority: this.priority,
        effectivePriority: this.priority,
      },
      haproxy: {
        running: true,
        masterPid: this.proc.masterPid,
        reloads: this.proc.reloads,
        failedReloads: this.proc.failedReloads,
        workerPids: this.proc.workers.map((w) => w.pid),
        servers: [],
        error: null,
      },
      nonlocalBind: true,
      checksums: {},
    };
  }
}

function priorityOf(keepalivedConf: string): number {
  return Number(/^\s*priority\s+(\d+)/m.exec(keepalivedConf)?.[1] ?? 0);
}

export class FakePair {
  readonly nodes: Record<string, FakeNode>;

  constructor(
    readonly world: World,
    definition: ClusterDefinition,
    files: Record<string, Record<string, string>>,
  ) {
    this.nodes = Object.fromEntries(
      definition.nodes.map((n) => {
        const node = new FakeNode(world, this, n.name, definition);
        for (const [path, text] of Object.entries(files[n.name] ?? {})) node.files.set(path, text);
        node.loadedCfg = node.files.get(definition.paths.haproxyConfig) ?? "";
        node.priority = priorityOf(node.files.get(definition.paths.keepalivedConfig) ?? "");
        return [n.name, node];
      }),
    );
  }

  /** keepalived's election: the highest priority holds the VIP. */
  holder(): string | null {
    const [a, b] = Object.values(this.nodes);
    if (!a || !b) return null;
    return a.priority >= b.priority ? a.name : b.name;
  }
}

/** The database as a map: every read is a copy, as rows are. */
export class MemoryStore implements RolloutStore {
  readonly rows = new Map<number, RunStep[]>();
  finished: { status: RolloutStatus; error: string | null } | null = null;

  constructor(private readonly world: World) {}

  private write(event: string | null, apply: () => void): Promise<void> {
    this.world.alive();
    apply();
    if (event) this.world.happened(event);
    return Promise.resolve();
  }

  private step(rolloutId: number, index: number): RunStep {
    const step = this.rows.get(rolloutId)?.[index];
    if (!step) throw new Error(`no step ${index}`);
    return step;
  }

  steps(rolloutId: number): Promise<RunStep[]> {
    this.world.alive();
    return Promise.resolve(structuredClone(this.rows.get(rolloutId) ?? []));
  }

  addSteps(rolloutId: number, steps: (StepSpec & { index: number })[]): Promise<void> {
    return this.write(null, () => {
      const rows = this.rows.get(rolloutId) ?? [];
      for (const s of steps) rows[s.index] = pendingStep(s);
      this.rows.set(rolloutId, rows);
    });
  }

  writeStep(rolloutId: number, index: number, change: StepWrite): Promise<void> {
    const step = this.step(rolloutId, index);
    return this.write(change.status ? `step ${step.kind} ${step.node ?? "-"} ${change.status}` : null, () =>
      Object.assign(step, structuredClone(change)),
    );
  }

  appendLog(rolloutId: number, index: number, line: { at: string; line: string }): Promise<void> {
    return this.write(null, () => this.step(rolloutId, index).log.push({ ...line }));
  }

  appendOutput(rolloutId: number, index: number, text: string): Promise<void> {
    return this.write(null, () => (this.step(rolloutId, index).output += text));
  }

  finish(_rollout: RolloutView, status: RolloutStatus, error: string | null): Promise<void> {
    return this.write(`rollout ${status}`, () => (this.finished = { status, error }));
  }
}

export function fakeEnv(
  world: World,
  store: MemoryStore,
  pair: FakePair,
  definition: ClusterDefinition,
): RolloutEnv {
  return {
    store,
    openNodes: () => Promise.resolve({ definition, nodes: pair.nodes }),
    clock: world.clock,
    probeVip: (d, count) =>
      Promise.resolve(Array.from({ length: count }, () => `https://${d.vips[0]?.address ?? "?"}/ 200`)),
  };
}

/**
 * What a rollout does on one node, all through lib/ssh (argument lists, timeouts, the caller's
 * AbortSignal): read files, upload candidates beside their targets, validate them with the node's own
 * tools, keep numbered backups, replace by rename, reload HAProxy and prove it reloaded, read backend
 * health, reload keepalived. Node-side only; the order and the decisions live in the step handlers.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { collectNodeObservation } from "@/lib/probes/collect";
import { parseShowStat, type StatRow } from "@/lib/probes/parse/haproxy-stat";
import { parseShowProc, type MasterProc } from "@/lib/probes/parse/master-proc";
import { backupListArgv, backupsToPrune } from "@/lib/rollout/backups";
import { backupPath, sha256 } from "@/lib/rollout/files";
import { serverStateForConfig } from "@/lib/rollout/server-state";
import type { SshPool, SshTarget } from "@/lib/ssh";
import type { NodeObservation } from "@/lib/status/observation";
import { probeSpec } from "@/lib/probes/probe-spec";
import { runtimeSpec, saveServerState } from "./server-state";

/** Validators and reloads may take a while on a loaded node; plain file commands do not. */
const TOOL_TIMEOUT_MS = 30_000;

/** Config files are a few kilobytes: a transfer that stalls this long is on a dead link, and the step fails. */
const FILE_TIMEOUT_MS = 5_000;

export interface CommandOutput {
  ok: boolean;
  exitCode: number | null;
  output: string;
}

/** What a rollout does on one node (the SSH implementation below; fakes in the unit tests). */
export interface NodeOps {
  readonly name: string;
  readonly definition: ClusterDefinition;
  readText(path: string): Promise<string | null>;
  /** sha256 of the file; null when there is none. */
  sha(path: string): Promise<string | null>;
  upload(path: string, text: string, mode: number): Promise<void>;
  /** A definition command (argv with "{file}" for the file), any exit code allowed. */
  command(template: string[], file?: string): Promise<CommandOutput>;
  exists(path: string): Promise<boolean>;
  /** Copies a file beside it, mode kept. */
  copy(from: string, to: string): Promise<void>;
  /** Atomic replace: rename(2) within one folder. */
  rename(from: string, to: string): Promise<void>;
  /** Removes all but the newest `keep` numbered backups of the file; the ones removed. */
  pruneBackups(path: string, keep: number): Promise<string[]>;
  remove(paths: string[]): Promise<void>;
  nonlocalBind(): Promise<string>;
  /** sha256 per certificate path; null for a missing file. */
  certificateSums(paths: string[]): Promise<Record<string, string | null>>;
  showProc(timeoutMs?: number): Promise<MasterProc>;
  showStat(): Promise<StatRow[]>;
  /** Dumps the server states to the server-state file before a reload (servers the new config moves left out). */
  saveServerState(): Promise<{ servers: number; dropped: string[]; dump: string }>;
  /** Puts a saved dump back as the server-state file. */
  writeServerState(text: string): Promise<void>;
  reloadHaproxy(): Promise<CommandOutput>;
  reloadKeepalived(): Promise<CommandOutput>;
  /** The node as the poller sees it: VIPs held, keepalived and HAProxy state. */
  observe(): Promise<NodeObservation>;
}

/** Keeps the file's current version as the rollout's numbered backup, once (a resumed step keeps the first copy). */
export async function backupOnce(
  ops: NodeOps,
  path: string,
  rolloutId: number,
): Promise<"kept" | "already" | "absent"> {
  const backup = backupPath(path, rolloutId);
  if (await ops.exists(backup)) return "already";
  if (!(await ops.exists(path))) return "absent";
  // Copied beside, then renamed: a crash mid-copy must not leave a partial backup that counts as kept.
  await ops.copy(path, `${backup}.partial`);
  await ops.rename(`${backup}.partial`, backup);
  return "kept";
}

export class SshNodeOps implements NodeOps {
  constructor(
    readonly pool: SshPool,
    readonly name: string,
    readonly target: SshTarget,
    readonly definition: ClusterDefinition,
    readonly signal: AbortSignal,
  ) {}

  async readText(path: string): Promise<string | null> {
    return (
      (
        await this.pool.readFile(this.target, path, { signal: this.signal, timeoutMs: FILE_TIMEOUT_MS })
      )?.toString("utf8") ?? null
    );
  }

  async sha(path: string): Promise<string | null> {
    const text = await this.pool.readFile(this.target, path, {
      signal: this.signal,
      timeoutMs: FILE_TIMEOUT_MS,
    });
    return text === null ? null : sha256(text);
  }

  async upload(path: string, text: string, mode: number): Promise<void> {
    await this.pool.writeFileAtomic(this.target, path, text, {
      mode,
      signal: this.signal,
      timeoutMs: FILE_TIMEOUT_MS,
    });
  }

  /** Runs a command, any exit code allowed; the whole output (stdout then stderr) is kept. */
  async run(argv: string[]): Promise<CommandOutput> {
    const result = await this.pool.exec(this.target, argv, {
      signal: this.signal,
      timeoutMs: TOOL_TIMEOUT_MS,
      allowExitCodes: Array.from({ length: 256 }, (_, i) => i),
    });
    const output = [result.stdout, result.stderr]
      .filter((s) => s.trim() !== "")
      .join("\n")
      .trimEnd();
    return { ok: result.exitCode === 0, exitCode: result.exitCode, output };
  }

  /** A definition command (argv with "{file}" for the file) run on the node. */
  command(template: string[], file = ""): Promise<CommandOutput> {
    return this.run(template.map((word) => word.replaceAll("{file}", file)));
  }

  async must(argv: string[]): Promise<string> {
    const result = await this.run(argv);
    if (!result.ok)
      throw new Error(`${argv.join(" ")} exited with ${result.exitCode}: ${result.output.slice(0, 500)}`);
    return result.output;
  }

  async exists(path: string): Promise<boolean> {
    return (await this.run(["test", "-e", path])).ok;
  }

  async copy(from: string, to: string): Promise<void> {
    await this.must(["cp", "-p", "--", from, to]);
  }

  /** Atomic replace: rename(2) of a file in the same folder. */
  async rename(from: string, to: string): Promise<void> {
    await this.must(["mv", "-f", "--", from, to]);
  }

  /** Removes all but the newest `keep` numbered backups of the file; the ones removed. */
  async pruneBackups(path: string, keep: number): Promise<string[]> {
    const listed = await this.must(backupListArgv(path));
    const prune = backupsToPrune(path, listed.split("\n"), keep);
    await this.remove(prune);
    return prune;
  }

  async remove(paths: string[]): Promise<void> {
    if (paths.length > 0) await this.run(["rm", "-f", "--", ...paths]);
  }

  async nonlocalBind(): Promise<string> {
    return (await this.must(["cat", "/proc/sys/net/ipv4/ip_nonlocal_bind"])).trim();
  }

  /** sha256 per certificate path; null for a missing file. */
  async certificateSums(paths: string[]): Promise<Record<string, string | null>> {
    const sums: Record<string, string | null> = Object.fromEntries(paths.map((p) => [p, null]));
    if (paths.length === 0) return sums;
    const result = await this.run(["sha256sum", "--", ...paths]);
    for (const line of result.output.split("\n")) {
      const m = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim());
      if (m?.[2] && m[2] in sums) sums[m[2]] = m[1] ?? null;
    }
    return sums;
  }

  async showProc(timeoutMs?: number): Promise<MasterProc> {
    return parseShowProc(
      await this.pool.socket(this.target, this.definition.paths.masterSocket, "show proc", {
        signal: this.signal,
        timeoutMs,
      }),
    );
  }

  async showStat(): Promise<StatRow[]> {
    return parseShowStat(
      await this.pool.socket(this.target, this.definition.haproxy.global.statsSocket.path, "show stat", {
        signal: this.signal,
      }),
    );
  }

  /**
   * Dumps `show servers state` to the server-state file, as server actions do, so DRAIN/MAINT survive
   * the reload; servers the new config moves to another address or port are left out of it.
   */
  async saveServerState(): Promise<{ servers: number; dropped: string[]; dump: string }> {
    let dropped: string[] = [];
    const dump = await saveServerState(
      this.pool,
      this.target,
      runtimeSpec(this.definition),
      this.signal,
      (d) => {
        const shaped = serverStateForConfig(d.text, this.definition);
        dropped = shaped.dropped;
        return shaped.text;
      },
    );
    return { servers: dump.servers.length, dropped, dump: dump.text };
  }

  /** Puts a saved dump back as the server-state file (a restore reloads the previous config with the states it had). */
  async writeServerState(text: string): Promise<void> {
    const spec = runtimeSpec(this.definition);
    if (spec.keepServerState) await this.upload(spec.serverStateFile, text, 0o644);
  }

  reloadHaproxy(): Promise<CommandOutput> {
    return this.command(this.definition.commands.haproxyReload);
  }

  reloadKeepalived(): Promise<CommandOutput> {
    return this.command(this.definition.commands.keepalivedReload);
  }

  /** The node as the poller sees it: VIPs held, keepalived and HAProxy state. */
  observe(): Promise<NodeObservation> {
    return collectNodeObservation(
      this.pool.shell(this.target, this.name),
      probeSpec(this.definition),
      this.signal,
    );
  }
}

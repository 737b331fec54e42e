/** A drill's view of one node, through lib/ssh (NodeOps: argument lists, timeouts, the AbortSignal). */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { nodeView } from "@/lib/cluster/node-view";
import type { SshPool } from "@/lib/ssh";
import { SshNodeOps } from "../runtime/node-ops";
import type { CommandResult, DrillNodeIo } from "./types";

/** A probe of the VIP is one short command: a node that cannot answer this fast counts as silent. */
const PROBE_TIMEOUT_MS = 3_000;
const COMMAND_TIMEOUT_MS = 15_000;

export class SshDrillNode implements DrillNodeIo {
  private readonly ops: SshNodeOps;

  constructor(
    private readonly pool: SshPool,
    readonly name: string,
    private readonly target: SshNodeOps["target"],
    private readonly definition: ClusterDefinition,
    private readonly signal: AbortSignal,
  ) {
    this.ops = new SshNodeOps(pool, name, target, definition, signal);
  }

  /** This node's NIC of the first VIP (its own name where the pair's nodes differ). */
  private get iface(): string {
    const node = this.definition.nodes.find((n) => n.name === this.name);
    return (node ? nodeView(this.definition, node).vips[0]?.interface : undefined) ?? "eth0";
  }

  async run(argv: string[], timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
    const result = await this.pool.exec(this.target, argv, {
      signal: this.signal,
      timeoutMs,
      allowExitCodes: Array.from({ length: 256 }, (_, i) => i),
    });
    return {
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      output: [result.stdout, result.stderr]
        .filter((s) => s.trim() !== "")
        .join("\n")
        .trimEnd(),
    };
  }

  async vipHeld(): Promise<boolean | null> {
    try {
      const out = await this.pool.exec(this.target, ["ip", "-o", "-4", "addr", "show"], {
        signal: this.signal,
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      const held = new Set([...out.stdout.matchAll(/\sinet\s+([0-9.]+)\//g)].map((m) => m[1]));
      return this.definition.vips.every((v) => held.has(v.address));
    } catch {
      return null;
    }
  }

  async haproxyRunning(): Promise<boolean | null> {
    try {
      const proc = await this.ops.showProc(PROBE_TIMEOUT_MS);
      return proc.workers.length > 0;
    } catch {
      return false;
    }
  }

  async mac(): Promise<string | null> {
    const out = await this.run(["cat", `/sys/class/net/${this.iface}/address`], PROBE_TIMEOUT_MS).catch(
      () => null,
    );
    return out?.ok ? out.output.trim().toLowerCase() : null;
  }
}

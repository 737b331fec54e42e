/**
 * What several rollout steps (and the recovery) read or do on the nodes: observe both as the poller
 * would, the cluster status from that, the failover's lowered keepalived.conf, a keepalived reload
 * checked afterwards. Step modules share these from here rather than importing each other.
 */
import { renderKeepalivedConf } from "@/lib/cluster/render/keepalived-conf";
import { withNodePriority } from "@/lib/rollout/files";
import { FAILOVER_PRIORITY } from "@/lib/rollout/steps";
import { masterDownMs } from "@/lib/drill/bound";
import { parseKeepalivedStateFile } from "@/lib/probes/parse/keepalived-state";
import {
  checkKeepalivedReload,
  describeReloadCheck,
  type VrrpReading,
} from "@/lib/rollout/keepalived-reload-check";
import { deriveClusterStatus } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import { ROLLOUT_STALE_AFTER_MS } from "@/lib/timing";
import type { NodeOps } from "../runtime/node-ops";
import type { RolloutContext } from "./context";
import type { StepRecorder } from "./run";
import { errorMessage } from "@/lib/error-message";

const KEEPALIVED_SETTLE_MS = 1_500;

export async function observeAll(
  ctx: Pick<RolloutContext, "nodes">,
): Promise<Record<string, NodeObservation | undefined>> {
  const entries = await Promise.all(
    Object.values(ctx.nodes).map(
      async (ops) =>
        [
          ops.name,
          await ops.observe().catch((error: unknown) => ({
            unreachable: errorMessage(error),
          })),
        ] as const,
    ),
  );
  const observations: Record<string, NodeObservation | undefined> = {};
  for (const [name, o] of entries) {
    observations[name] =
      "unreachable" in o
        ? {
            node: name,
            at: new Date().toISOString(),
            reachable: false,
            error: o.unreachable,
            hostKey: "pinned",
            vipsHeld: [],
            keepalived: null,
            haproxy: null,
            nonlocalBind: null,
            checksums: {},
          }
        : o;
  }
  return observations;
}

export function clusterStatusOf(
  ctx: RolloutContext,
  observations: Record<string, NodeObservation | undefined>,
) {
  return deriveClusterStatus({
    nodes: ctx.definition.nodes.map((n) => n.name),
    vips: ctx.definition.vips.map((v) => v.address),
    observations,
    now: new Date(),
    staleAfterMs: ROLLOUT_STALE_AFTER_MS,
  });
}

/** The master's keepalived.conf of this revision with the lowest priority: what the failover installs. */
export function loweredKeepalivedConf(ctx: RolloutContext, master: string): string {
  return renderKeepalivedConf(withNodePriority(ctx.definition, master, FAILOVER_PRIORITY), master);
}

/** SIGHUP through the definition's reload command; keepalived must still run (reload_check_config keeps a bad file out). */
export async function reloadKeepalivedOn(
  ctx: RolloutContext,
  ops: NodeOps,
  rec: StepRecorder,
): Promise<void> {
  const before = await vrrpReading(ops);
  const started = ctx.clock.now();
  const result = await ops.reloadKeepalived();
  const reloadMs = ctx.clock.now() - started;
  if (result.output) await rec.keep(`keepalived reload (exit ${result.exitCode})`, result.output);
  if (!result.ok)
    throw new Error(
      `the keepalived reload failed on ${ops.name} (exit ${result.exitCode}): ${lastLines(result.output)}`,
    );
  await ctx.clock.sleep(KEEPALIVED_SETTLE_MS, ctx.signal);
  const seen = await ops.observe();
  if (!seen.keepalived?.running) throw new Error(`keepalived is not running on ${ops.name} after the reload`);
  const peer = ctx.definition.nodes.find((n) => n.name !== ops.name);
  const check = checkKeepalivedReload(
    before,
    { ...readingOf(seen), since: await hookSince(ops) },
    reloadMs,
    masterDownMs(ctx.definition.vrrp.advertInt, peer?.priority ?? 100),
  );
  await rec.remember({ keepalivedReload: check });
  await rec.log(describeReloadCheck(check));
  const refused = await ops.readText(ops.definition.paths.keepalivedReloadCheckLog).catch(() => null);
  if (refused?.trim()) await rec.keep("reload_check_config log", refused);
  await rec.log(
    `keepalived reloaded (SIGHUP, reload_check_config on): ${seen.keepalived.state ?? "?"}, priority ${seen.keepalived.effectivePriority ?? seen.keepalived.priority ?? "?"}`,
  );
}

function readingOf(seen: NodeObservation): Omit<VrrpReading, "since"> {
  return { state: seen.keepalived?.state ?? null, holdsVip: seen.vipsHeld.length > 0 };
}

/** When hapair's notify hook last saw the instance change state; null without the hook or on any error. */
async function hookSince(ops: NodeOps): Promise<number | null> {
  const text = await ops.readText(ops.definition.paths.keepalivedStateFile).catch(() => null);
  if (!text) return null;
  try {
    return parseKeepalivedStateFile(text).instances[0]?.since?.getTime() ?? null;
  } catch {
    return null;
  }
}

/** The node's VRRP state just before a reload; an unreadable node reads as unknown (the reload still runs). */
async function vrrpReading(ops: NodeOps): Promise<VrrpReading> {
  const seen = await ops.observe().catch(() => null);
  return {
    ...(seen ? readingOf(seen) : { state: null, holdsVip: false }),
    since: await hookSince(ops),
  };
}

export function lastLines(text: string, count = 4): string {
  return text.trim().split("\n").slice(-count).join(" | ").slice(0, 600);
}

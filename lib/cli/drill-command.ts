/**
 * `hapair drill CLUSTER --mode process|node|partition [--force --reason TEXT] [--confirm-node-death]
 * [--wait] [--json]`: the same pre-checks and audit as the HTTP API; the running agents do the drill.
 * With --wait it prints the report and exits 0 only when the drill passed.
 */
import type { Database } from "@/lib/db/client";
import { zodIssues } from "@/lib/cluster/definition";
import { drillRequestSchema, type DrillReport, type DrillView } from "@/lib/drill/types";
import { findClusterIdByName } from "@/lib/store/definitions";
import { requestDrill, waitForDrill } from "@/lib/store/drills";
import { printIssues, UsageError, type CliIo } from "./io";

export interface DrillOptions {
  cluster: string | undefined;
  mode: string | undefined;
  force: boolean;
  reason: string | undefined;
  confirmNodeDeath: boolean;
  wait: boolean;
  json: boolean;
  timeoutSeconds: number;
}

/** The report's headline fields, as the issue names them, then the rest. */
export function reportJson(drill: DrillView): Record<string, unknown> {
  const r: DrillReport | null = drill.report;
  return {
    id: drill.id,
    mode: drill.mode,
    outcome: drill.status,
    expectedFailoverMs: r?.expectedFailoverMs ?? null,
    measuredFailoverMs: r?.measuredFailoverMs ?? null,
    failbackMs: r?.failbackMs ?? null,
    clientRequests: r?.clientRequests ?? 0,
    clientFailures: r?.clientFailures ?? 0,
    alerts: r?.alerts ?? [],
    forced: r?.forced ?? drill.forceReason !== null,
    forceReason: drill.forceReason,
    failures: r?.failures ?? [],
    restored: r?.restored ?? [],
    leftToRepair: r?.leftToRepair ?? [],
    error: drill.error,
  };
}

function text(drill: DrillView): string {
  const r = drill.report;
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v} ms`);
  return [
    `drill #${drill.id} (${drill.mode}) on ${drill.holder ?? "?"}: ${drill.status}${drill.forceReason ? ` (forced: ${drill.forceReason})` : ""}`,
    `  failover ${ms(r?.measuredFailoverMs)} (bound ${ms(r?.expectedFailoverMs)}), fail-back ${ms(r?.failbackMs)}`,
    `  clients: ${r?.clientFailures ?? 0} of ${r?.clientRequests ?? 0} requests failed`,
    ...(r?.alerts ?? []).map(
      (a) =>
        `  alert ${a.rule} ${a.state}${a.firedAt ? ` (fired ${a.afterFaultMs ?? "?"} ms after the fault)` : ""}`,
    ),
    ...(r?.failures ?? []).map((f) => `  failure: ${f}`),
    ...(r?.restored ?? []).map((f) => `  restored: ${f}`),
    "",
  ].join("\n");
}

export async function drillCommand(io: CliIo, db: Database, options: DrillOptions): Promise<number> {
  if (!options.cluster) throw new UsageError("drill needs CLUSTER");
  if (!options.mode) throw new UsageError("drill needs --mode process|node|partition");
  const clusterId = await findClusterIdByName(db, options.cluster);
  if (!clusterId) {
    io.stderr(`no cluster "${options.cluster}"\n`);
    return 1;
  }
  const by = `cli:${process.env.SUDO_USER ?? process.env.USER ?? "unknown"}`;
  const request = drillRequestSchema.safeParse({
    mode: options.mode,
    force: options.force,
    reason: options.reason ?? "",
    confirmNodeDeath: options.confirmNodeDeath,
  });
  if (!request.success) {
    printIssues(io, zodIssues(request.error));
    return 1;
  }
  const outcome = await requestDrill(db, clusterId, request.data, by);
  if (!outcome.ok) {
    printIssues(io, outcome.issues);
    return 1;
  }
  if (!options.wait) {
    io.stdout(
      options.json
        ? `${JSON.stringify(reportJson(outcome.drill))}\n`
        : `drill #${outcome.drill.id} requested; the agents run it\n`,
    );
    return 0;
  }
  const drill = (await waitForDrill(db, outcome.drill.id, options.timeoutSeconds * 1000)) ?? outcome.drill;
  io.stdout(options.json ? `${JSON.stringify(reportJson(drill), null, 2)}\n` : text(drill));
  if (drill.status === "pending" || drill.status === "running")
    io.stderr(
      `the drill is still ${drill.status} after ${options.timeoutSeconds} s (are the agents running?)\n`,
    );
  return drill.status === "passed" ? 0 : 1;
}

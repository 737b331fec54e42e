/**
 * `hapair --server URL …`: the commands over the HTTP API with an API token, for CI ("definitions
 * in git, applied by the pipeline") without shell access to the hapair server. Same validation as
 * the web app, because the server does it. Exit codes: 0 done (rollout succeeded, drill passed),
 * 1 refused, invalid or failed, 2 usage, 3 rolled back, 4 interrupted or still running at --timeout.
 */
import type { ClusterDefinition, FieldIssue } from "@/lib/cluster/definition";
import { validateDefinition } from "@/lib/cluster/definition";
import { boundedPatch, DIFF_TOO_LARGE } from "@/lib/cluster/bounded-diff";
import { definitionToYaml } from "@/lib/cluster/yaml";
import type { DrillView } from "@/lib/drill/types";
import type { RolloutView } from "@/lib/rollout/types";
import { redactSecrets } from "@/lib/secrets/definition-secrets";
import { reportJson } from "./drill-command";
import { printIssues, printWarnings, UsageError, type CliIo } from "./io";
import { readDefinitionDocument } from "./load-file";
import type { Answer, RemoteClient } from "./remote-client";

export const EXIT = { ok: 0, failed: 1, usage: 2, rolledBack: 3, unfinished: 4 } as const;

export interface RemoteOptions {
  message?: string;
  revision?: string;
  mode?: string;
  force: boolean;
  reason?: string;
  confirmDrift: boolean;
  confirmNodeDeath: boolean;
  json: boolean;
  timeoutSeconds: number;
  /** Between two progress reads; tests make it short. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function failed(io: CliIo, answer: { issues: FieldIssue[] }): number {
  printIssues(io, answer.issues);
  return EXIT.failed;
}

async function clusterId(io: CliIo, client: RemoteClient, name: string): Promise<string | null> {
  const list = await client.call<{ id: string; name: string }[]>("GET", "/api/clusters");
  if (!list.ok) {
    failed(io, list);
    return null;
  }
  const found = list.body.find((c) => c.name === name);
  if (!found) io.stderr(`no cluster "${name}" on ${client.server}\n`);
  return found?.id ?? null;
}

function readDocument(io: CliIo, file: string | undefined): { value: unknown; name: string } | null {
  if (!file) throw new UsageError("this command needs FILE");
  const document = readDefinitionDocument(io, file);
  if (!document.ok) {
    printIssues(io, document.issues);
    return null;
  }
  const name = (document.value as { name?: unknown } | null)?.name;
  return { value: document.value, name: typeof name === "string" ? name : "" };
}

/** The server validates (with the other clusters' VRIDs, as a save would) and stores nothing. */
export async function remoteValidate(
  io: CliIo,
  client: RemoteClient,
  file: string | undefined,
): Promise<number> {
  const document = readDocument(io, file);
  if (!document) return EXIT.failed;
  const answer = await client.call<{ warnings: FieldIssue[] }>("POST", "/api/render", {
    definition: document.value,
  });
  if (!answer.ok) return failed(io, answer);
  printWarnings(io, answer.body.warnings);
  io.stdout(`${file}: valid\n`);
  return EXIT.ok;
}

/** The file against the cluster's latest revision; secrets compare as the kept marker. Exit 0 same, 1 differs. */
export async function remoteDiff(io: CliIo, client: RemoteClient, file: string | undefined): Promise<number> {
  const document = readDocument(io, file);
  if (!document) return EXIT.failed;
  const local = validateDefinition(document.value);
  if (!local.ok) return failed(io, local);
  const id = await clusterId(io, client, document.name);
  if (!id) return EXIT.failed;
  const latest = await client.call<{ revision: number; definition: ClusterDefinition }>(
    "GET",
    `/api/clusters/${encodeURIComponent(id)}/definition`,
  );
  if (!latest.ok) return failed(io, latest);
  const before = definitionToYaml(latest.body.definition);
  const after = definitionToYaml(redactSecrets(local.definition));
  if (before === after) {
    io.stdout(`${document.name}: same as revision ${latest.body.revision}\n`);
    return EXIT.ok;
  }
  io.stdout(
    boundedPatch(`revision ${latest.body.revision}`, String(file), before, after) ?? `${DIFF_TOO_LARGE}\n`,
  );
  return EXIT.failed;
}

/** Saves the file as the cluster's next revision (or creates the cluster). */
export async function remoteApply(
  io: CliIo,
  client: RemoteClient,
  file: string | undefined,
  message: string | undefined,
): Promise<number> {
  const document = readDocument(io, file);
  if (!document) return EXIT.failed;
  const list = await client.call<{ id: string; name: string }[]>("GET", "/api/clusters");
  if (!list.ok) return failed(io, list);
  const existing = list.body.find((c) => c.name === document.name);
  const body = { definition: document.value, message: message ?? "" };
  const answer: Answer<{ revision: number; created?: boolean; warnings: FieldIssue[] }> = existing
    ? await client.call("PUT", `/api/clusters/${encodeURIComponent(existing.id)}/definition`, body)
    : await client.call("POST", "/api/clusters", body);
  if (!answer.ok) return failed(io, answer);
  printWarnings(io, answer.body.warnings);
  const unchanged = existing && answer.body.created === false;
  io.stdout(
    `${document.name}: ${unchanged ? `unchanged (revision ${answer.body.revision})` : `saved as revision ${answer.body.revision}`}\n`,
  );
  return EXIT.ok;
}

export async function remoteExport(
  io: CliIo,
  client: RemoteClient,
  name: string | undefined,
  revision: string | undefined,
): Promise<number> {
  if (!name) throw new UsageError("export needs NAME");
  const id = await clusterId(io, client, name);
  if (!id) return EXIT.failed;
  let number = revision;
  if (!number) {
    const latest = await client.call<{ revision: number }>(
      "GET",
      `/api/clusters/${encodeURIComponent(id)}/definition`,
    );
    if (!latest.ok) return failed(io, latest);
    number = String(latest.body.revision);
  }
  const answer = await client.text(
    `/api/clusters/${encodeURIComponent(id)}/revisions/${encodeURIComponent(number)}/export`,
  );
  if (!answer.ok) return failed(io, answer);
  io.stdout(answer.body);
  return EXIT.ok;
}

function rolloutExit(status: RolloutView["status"]): number {
  if (status === "succeeded") return EXIT.ok;
  if (status === "rolled-back") return EXIT.rolledBack;
  if (status === "failed" || status === "plan-failed") return EXIT.failed;
  return EXIT.unfinished;
}

/** Prints steps as they change and their new log lines. */
function progressPrinter(io: CliIo) {
  const seen = new Map<number, { status: string; lines: number }>();
  return (rollout: RolloutView) => {
    for (const step of rollout.steps) {
      const before = seen.get(step.index) ?? { status: "", lines: 0 };
      const label = `${step.kind}${step.node ? ` ${step.node}` : ""}`;
      const changed = step.status !== before.status && step.status !== "pending";
      // "running" before the step's log lines, an end state after them.
      if (changed && step.status === "running") io.stdout(`step ${label}: running\n`);
      for (const log of step.log.slice(before.lines)) io.stdout(`  ${label}: ${log.line}\n`);
      if (changed && step.status !== "running") io.stdout(`step ${label}: ${step.status}\n`);
      seen.set(step.index, { status: step.status, lines: step.log.length });
    }
  };
}

/**
 * Plans the revision (latest unless --revision), prints each node's diff, starts it in --mode
 * (graceful unless said) and follows it to the end: the exit code is the outcome.
 */
export async function remoteRollout(
  io: CliIo,
  client: RemoteClient,
  name: string | undefined,
  options: RemoteOptions,
): Promise<number> {
  if (!name) throw new UsageError("rollout needs CLUSTER");
  const id = await clusterId(io, client, name);
  if (!id) return EXIT.failed;
  const base = `/api/clusters/${encodeURIComponent(id)}`;
  let revision = Number(options.revision);
  if (!options.revision) {
    const latest = await client.call<{ revision: number }>("GET", `${base}/definition`);
    if (!latest.ok) return failed(io, latest);
    revision = latest.body.revision;
  }
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const pollMs = options.pollMs ?? 1000;
  const planned = await client.call<{ rollout: RolloutView }>("POST", `${base}/rollouts`, { revision });
  if (!planned.ok) return failed(io, planned);
  let rollout = planned.body.rollout;
  const read = async () => {
    const answer = await client.call<{ rollout: RolloutView }>("GET", `${base}/rollouts/${rollout.id}`);
    if (answer.ok) rollout = answer.body.rollout;
    else printIssues(io, answer.issues);
  };
  while (rollout.status === "planning" && Date.now() < deadline) {
    await sleep(pollMs);
    await read();
  }
  if (rollout.status !== "planned") {
    io.stderr(`rollout #${rollout.id}: ${rollout.status}${rollout.error ? `: ${rollout.error}` : ""}\n`);
    return rolloutExit(rollout.status);
  }
  io.stdout(`rollout #${rollout.id} of revision ${revision} planned\n`);
  for (const node of rollout.plan?.nodes ?? []) {
    for (const drift of node.drift) io.stdout(`drift on ${node.node}: ${drift}\n`);
    for (const file of node.files.filter((f) => f.changed))
      io.stdout(file.diffTooLarge ? `${node.node} ${file.path}: ${DIFF_TOO_LARGE}\n` : file.diff);
  }
  if (rollout.plan?.noChange) {
    io.stdout("nothing to change on any node\n");
    return EXIT.ok;
  }
  const started = await client.call<{ rollout: RolloutView }>(
    "POST",
    `${base}/rollouts/${rollout.id}/start`,
    {
      mode: options.mode ?? "graceful",
      force: options.force,
      reason: options.reason ?? "",
      confirmDrift: options.confirmDrift,
    },
  );
  if (!started.ok) return failed(io, started);
  rollout = started.body.rollout;
  const print = progressPrinter(io);
  while (
    !["succeeded", "failed", "rolled-back", "interrupted"].includes(rollout.status) &&
    Date.now() < deadline
  ) {
    print(rollout);
    await sleep(pollMs);
    await read();
  }
  print(rollout);
  io.stdout(`rollout #${rollout.id}: ${rollout.status}${rollout.error ? `: ${rollout.error}` : ""}\n`);
  return rolloutExit(rollout.status);
}

/** Requests a drill (the server's pre-checks) and follows it: exit 0 only when it passed. */
export async function remoteDrill(
  io: CliIo,
  client: RemoteClient,
  name: string | undefined,
  options: RemoteOptions,
): Promise<number> {
  if (!name) throw new UsageError("drill needs CLUSTER");
  if (!options.mode) throw new UsageError("drill needs --mode process|node|partition");
  const id = await clusterId(io, client, name);
  if (!id) return EXIT.failed;
  const base = `/api/clusters/${encodeURIComponent(id)}/drills`;
  const requested = await client.call<{ drill: DrillView }>("POST", base, {
    mode: options.mode,
    force: options.force,
    reason: options.reason ?? "",
    confirmNodeDeath: options.confirmNodeDeath,
  });
  if (!requested.ok) return failed(io, requested);
  let drill = requested.body.drill;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  while ((drill.status === "pending" || drill.status === "running") && Date.now() < deadline) {
    await sleep(options.pollMs ?? 1000);
    const answer = await client.call<{ drill: DrillView }>("GET", `${base}/${drill.id}`);
    if (answer.ok) drill = answer.body.drill;
  }
  io.stdout(
    options.json
      ? `${JSON.stringify(reportJson(drill), null, 2)}\n`
      : `drill #${drill.id} (${drill.mode}): ${drill.status}\n`,
  );
  if (drill.status === "passed") return EXIT.ok;
  return drill.status === "pending" || drill.status === "running" ? EXIT.unfinished : EXIT.failed;
}

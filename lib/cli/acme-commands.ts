/**
 * `hapair cert order CLUSTER NAME [--wait] [--timeout S]` and `hapair cert orders CLUSTER [--json]`:
 * order one of the definition's `acme.certificates` now (issue, or renew when issued before) and
 * optionally follow the job to its end; list the cluster's ACME certificates and recent jobs. Locally
 * through the store, or with --server over the ACME API routes (`/api/clusters/ID/acme-jobs`): one
 * command over either (`AcmeOrders`).
 */
import type { AcmeJobView } from "@/lib/acme/order";
import type { FieldIssue } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { acmeJobView, getAcmeJob, listAcmeJobs, requestAcmeOrder } from "@/lib/store/acme-jobs";
import { getRevision } from "@/lib/store/definitions";
import { printIssues, UsageError, type CliIo } from "./io";
import type { RemoteClient } from "./remote-client";

type Answer<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

interface AcmeCertificateEntry {
  name: string;
  domains?: string[];
}

export interface AcmeOrders {
  order(certificate: string): Promise<Answer<AcmeJobView>>;
  list(): Promise<Answer<{ certificates: AcmeCertificateEntry[]; jobs: AcmeJobView[] }>>;
  job(id: number): Promise<AcmeJobView | null>;
}

export interface AcmeOptions {
  action: "order" | "orders";
  /** `order`'s NAME. */
  certificate?: string;
  wait: boolean;
  json: boolean;
  timeoutSeconds: number;
  pollMs?: number;
}

export function storeAcmeOrders(db: Database, clusterId: string, actor: string): AcmeOrders {
  return {
    order: async (certificate) => {
      const outcome = await requestAcmeOrder(db, clusterId, { certificate }, actor);
      return outcome.ok ? { ok: true, value: outcome.job } : outcome;
    },
    list: async () => ({
      ok: true,
      value: {
        certificates: (await getRevision(db, clusterId))?.definition.acme?.certificates ?? [],
        jobs: await listAcmeJobs(db, clusterId),
      },
    }),
    job: async (id) => {
      const row = await getAcmeJob(db, id);
      return row && row.clusterId === clusterId ? acmeJobView(row) : null;
    },
  };
}

export function remoteAcmeOrders(client: RemoteClient, clusterId: string): AcmeOrders {
  const base = `/api/clusters/${encodeURIComponent(clusterId)}/acme-jobs`;
  return {
    order: async (certificate) => {
      const answer = await client.call<{ job: AcmeJobView }>("POST", base, { certificate });
      return answer.ok ? { ok: true, value: answer.body.job } : answer;
    },
    list: async () => {
      const answer = await client.call<{ certificates: AcmeCertificateEntry[]; jobs: AcmeJobView[] }>(
        "GET",
        base,
      );
      return answer.ok ? { ok: true, value: answer.body } : answer;
    },
    job: async (id) => {
      const answer = await client.call<{ job: AcmeJobView }>("GET", `${base}/${id}`);
      return answer.ok ? answer.body.job : null;
    },
  };
}

const finished = (job: AcmeJobView) => job.status === "succeeded" || job.status === "failed";

function describeJob(job: AcmeJobView): string {
  const running = job.steps.find((s) => s.status === "running")?.kind;
  return `ACME job ${job.id} (${job.reason} ${job.certificate}) ${job.status}${running ? ` at ${running}` : ""}${job.error ? `: ${job.error}` : ""}`;
}

async function follow(io: CliIo, api: AcmeOrders, first: AcmeJobView, options: AcmeOptions): Promise<number> {
  const pollMs = options.pollMs ?? 1_000;
  const deadline = Date.now() + options.timeoutSeconds * 1_000;
  let job = first;
  let shown = describeJob(job);
  while (!finished(job)) {
    if (Date.now() > deadline) {
      io.stderr(`${describeJob(job)}: still not finished after ${options.timeoutSeconds} s\n`);
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const next = await api.job(job.id);
    if (!next) {
      io.stderr(`ACME job ${job.id} is gone\n`);
      return 1;
    }
    job = next;
    if (describeJob(job) !== shown) io.stdout(`${(shown = describeJob(job))}\n`);
  }
  if (job.status === "succeeded")
    io.stdout(`${job.certificate}: issued for ${job.domains.join(", ")}, not after ${job.notAfter ?? "?"}\n`);
  return job.status === "succeeded" ? 0 : 1;
}

export async function acmeCommand(io: CliIo, api: AcmeOrders, options: AcmeOptions): Promise<number> {
  if (options.action === "orders") {
    const answer = await api.list();
    if (!answer.ok) return (printIssues(io, answer.issues), 1);
    if (options.json) io.stdout(`${JSON.stringify(answer.value, null, 2)}\n`);
    else {
      const names = answer.value.certificates.map((c) => `${c.name} (${(c.domains ?? []).join(", ")})`);
      io.stdout(`ACME certificates: ${names.join("; ") || "none in the definition"}\n`);
      for (const job of answer.value.jobs) io.stdout(`${describeJob(job)}\n`);
    }
    return 0;
  }
  if (!options.certificate) throw new UsageError("cert order needs CLUSTER NAME (one of acme.certificates)");
  const answer = await api.order(options.certificate);
  if (!answer.ok) return (printIssues(io, answer.issues), 1);
  io.stdout(
    options.json && !options.wait
      ? `${JSON.stringify(answer.value, null, 2)}\n`
      : `${describeJob(answer.value)}\n`,
  );
  return options.wait ? follow(io, api, answer.value, options) : 0;
}

/**
 * `hapair cert add|list|remove CLUSTER …` (and `order|orders`, ACME: ./acme-commands.ts): locally through the store (the same parsing and sealing
 * as the API), or with --server over the HTTP API. The private key is read from the file given and
 * never printed.
 */
import type { CertificateView } from "@/lib/certificates/types";
import type { Database } from "@/lib/db/client";
import type { FieldIssue } from "@/lib/cluster/definition";
import { listCertificates, removeCertificate, saveCertificateBundle } from "@/lib/store/certificates";
import { findClusterIdByName } from "@/lib/store/definitions";
import { acmeCommand, remoteAcmeOrders, storeAcmeOrders, type AcmeOptions } from "./acme-commands";
import { printIssues, UsageError, type CliIo } from "./io";
import type { RemoteClient } from "./remote-client";

export interface CertOptions {
  action?: string;
  cluster?: string;
  /** `remove`'s NAME positional. */
  target?: string;
  name?: string;
  pem?: string;
  path?: string;
  json: boolean;
  /** `order`: follow the ACME job to its end, for at most this long. */
  wait?: boolean;
  timeoutSeconds?: number;
  pollMs?: number;
}

const isAcme = (action: string | undefined): action is "order" | "orders" =>
  action === "order" || action === "orders";

const acmeOptions = (options: CertOptions & { action: "order" | "orders" }): AcmeOptions => ({
  action: options.action,
  certificate: options.target,
  wait: options.wait ?? false,
  json: options.json,
  timeoutSeconds: options.timeoutSeconds ?? 600,
  pollMs: options.pollMs,
});

const actor = () => `cli:${process.env.SUDO_USER ?? process.env.USER ?? "unknown"}`;

function daysLeft(notAfter: string, now = Date.now()): number {
  return Math.floor((Date.parse(notAfter) - now) / 86_400_000);
}

function printList(io: CliIo, certificates: CertificateView[], json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(certificates, null, 2)}\n`);
    return;
  }
  if (certificates.length === 0) io.stdout("no certificates\n");
  for (const c of certificates)
    io.stdout(
      `${c.name}\t${c.path}\t${c.subject}\tnot after ${c.notAfter} (${daysLeft(c.notAfter)} days)\t${c.fingerprint}\t${c.usedBy.join(",") || "-"}\n`,
    );
}

function addInput(io: CliIo, options: CertOptions) {
  if (!options.name || !options.pem) throw new UsageError("cert add needs CLUSTER --name NAME --pem FILE");
  return { name: options.name, pem: io.readFile(options.pem), path: options.path };
}

function fail(io: CliIo, issues: FieldIssue[]): number {
  printIssues(io, issues);
  return 1;
}

export async function certCommand(io: CliIo, db: Database, options: CertOptions): Promise<number> {
  if (!options.cluster) throw new UsageError("cert needs add, list, remove, order or orders and CLUSTER");
  const clusterId = await findClusterIdByName(db, options.cluster);
  if (!clusterId) {
    io.stderr(`no cluster "${options.cluster}"\n`);
    return 1;
  }
  const { action } = options;
  if (isAcme(action))
    return acmeCommand(io, storeAcmeOrders(db, clusterId, actor()), acmeOptions({ ...options, action }));
  switch (options.action) {
    case "add": {
      const outcome = await saveCertificateBundle(
        db,
        clusterId,
        { ...addInput(io, options), source: "upload" },
        actor(),
      );
      if (!outcome.ok) return fail(io, outcome.issues);
      io.stdout(
        `${outcome.certificate.name}: stored (${outcome.certificate.fingerprint}); distribution job ${outcome.jobId ?? "none"}\n`,
      );
      return 0;
    }
    case "list":
      printList(io, (await listCertificates(db, clusterId)) ?? [], options.json);
      return 0;
    case "remove": {
      if (!options.target) throw new UsageError("cert remove needs CLUSTER NAME");
      const outcome = await removeCertificate(db, clusterId, options.target, actor());
      if (!outcome.ok) return fail(io, outcome.issues);
      io.stdout(`${options.target}: removed (the nodes keep their file)\n`);
      return 0;
    }
    default:
      throw new UsageError(`cert: add, list, remove, order or orders, not ${options.action ?? "nothing"}`);
  }
}

export async function remoteCert(io: CliIo, client: RemoteClient, options: CertOptions): Promise<number> {
  if (!options.cluster) throw new UsageError("cert needs add, list, remove, order or orders and CLUSTER");
  const list = await client.call<{ id: string; name: string }[]>("GET", "/api/clusters");
  if (!list.ok) return fail(io, list.issues);
  const id = list.body.find((c) => c.name === options.cluster)?.id;
  if (!id) {
    io.stderr(`no cluster "${options.cluster}" on ${client.server}\n`);
    return 1;
  }
  const { action } = options;
  if (isAcme(action))
    return acmeCommand(io, remoteAcmeOrders(client, id), acmeOptions({ ...options, action }));
  const base = `/api/clusters/${encodeURIComponent(id)}/certificates`;
  switch (options.action) {
    case "add": {
      const answer = await client.call<{ certificate: CertificateView; jobId: number | null }>(
        "POST",
        base,
        addInput(io, options),
      );
      if (!answer.ok) return fail(io, answer.issues);
      io.stdout(
        `${answer.body.certificate.name}: stored (${answer.body.certificate.fingerprint}); distribution job ${answer.body.jobId ?? "none"}\n`,
      );
      return 0;
    }
    case "list": {
      const answer = await client.call<{ certificates: CertificateView[] }>("GET", base);
      if (!answer.ok) return fail(io, answer.issues);
      printList(io, answer.body.certificates, options.json);
      return 0;
    }
    case "remove": {
      if (!options.target) throw new UsageError("cert remove needs CLUSTER NAME");
      const answer = await client.call("DELETE", `${base}/${encodeURIComponent(options.target)}`);
      if (!answer.ok) return fail(io, answer.issues);
      io.stdout(`${options.target}: removed (the nodes keep their file)\n`);
      return 0;
    }
    default:
      throw new UsageError(`cert: add, list, remove, order or orders, not ${options.action ?? "nothing"}`);
  }
}

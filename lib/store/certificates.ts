/**
 * Certificates of a cluster in the database: the chain in clear, the private key sealed (as other
 * secrets) and opened only by the agents (`revealCertificatePem`). Saving a bundle under a name that
 * exists replaces it; either way a distribution job for both nodes is queued in the same batch
 * (agents/certificates), and the change is audited without the key.
 */
import type { CertificateFacts } from "@/lib/alerts/types";
import { auditWrite } from "@/lib/audit/audit";
import { bindCertificatePaths } from "@/lib/certificates/adopt";
import { certificateMetadata, haproxyPem, leafOf, parseBundle } from "@/lib/certificates/bundle";
import {
  certificateInputSchema,
  defaultCertificatePath,
  servedSchema,
  type CertificateInput,
  type CertificateSource,
  type CertificateView,
  type Served,
} from "@/lib/certificates/types";
import { zodIssues, type ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { Certificate, CertificateJob, Prisma } from "@/generated/prisma/client";
import { open, resealed, seal } from "@/lib/secrets/envelope";
import { loadKeyring, type Keyring } from "@/lib/secrets/keyring";
import { getRevision } from "./definitions";
import { dbRefusal } from "./db-errors";
import { refusal, type Refusal } from "./result";
import { LeafSha1s } from "./leaf-sha1";

export type CertificateOutcome = { ok: true; certificate: CertificateView; jobId: number | null } | Refusal;

/** Frontends whose binds name the path. */
export function frontendsUsing(definition: ClusterDefinition | null, path: string): string[] {
  return (definition?.haproxy.frontends ?? [])
    .filter((f) => f.binds.some((b) => b.tls?.certificate === path))
    .map((f) => f.name);
}

function servedOf(row: Pick<Certificate, "served">): Served {
  const parsed = servedSchema.safeParse(row.served ?? {});
  return parsed.success ? parsed.data : {};
}

export function certificateView(row: Certificate, definition: ClusterDefinition | null): CertificateView {
  const leaf = leafOf(row.chainPem);
  const sans = Array.isArray(row.sans) ? row.sans.filter((s): s is string => typeof s === "string") : [];
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    source: row.source as CertificateSource,
    subject: row.subject,
    sans,
    issuer: row.issuer,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    fingerprint: row.fingerprint,
    sha1: leaf ? certificateMetadata(leaf).sha1 : "",
    usedBy: frontendsUsing(definition, row.path),
    served: servedOf(row),
    checkedAt: row.checkedAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** For the agents only: the file HAProxy reads, chain and key in clear. */
export function revealCertificatePem(row: Certificate, keyring: Keyring = loadKeyring()): string {
  return haproxyPem(row.chainPem, open(row.keySealed, keyring.all));
}

async function latestDefinition(db: Database, clusterId: string): Promise<ClusterDefinition | null> {
  return (await getRevision(db, clusterId))?.definition ?? null;
}

export async function listCertificates(db: Database, clusterId: string): Promise<CertificateView[] | null> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) return null;
  const definition = await latestDefinition(db, clusterId);
  const rows = await db.certificate.findMany({ where: { clusterId }, orderBy: { name: "asc" } });
  return rows.map((row) => certificateView(row, definition));
}

function jobCreate(
  db: Database,
  clusterId: string,
  row: { id?: string; name: string; path: string; fingerprint: string },
  actor: string,
) {
  return db.certificateJob.create({
    data: {
      clusterId,
      certificateId: row.id ?? null,
      name: row.name,
      path: row.path,
      fingerprint: row.fingerprint,
      requestedBy: actor,
    },
  });
}

/**
 * Stores a PEM bundle (upload, ACME, import) under its name, replacing the one of that name, and
 * queues its distribution to both nodes unless `distribute: false`. Bad input changes nothing.
 */
export async function saveCertificateBundle(
  db: Database,
  clusterId: string,
  input: CertificateInput & { source?: CertificateSource },
  actor = "system",
): Promise<CertificateOutcome> {
  const parsedInput = certificateInputSchema.safeParse({
    name: input.name,
    pem: input.pem,
    path: input.path,
    distribute: input.distribute,
  });
  if (!parsedInput.success) return { ok: false, code: "invalid", issues: zodIssues(parsedInput.error) };
  const { name, pem, distribute } = parsedInput.data;
  const parsed = parseBundle(pem);
  if (!parsed.ok) return { ok: false, code: "invalid", issues: parsed.issues };
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } });
  if (!cluster) return refusal("not-found", "(cluster)", "no such cluster");
  const existing = await db.certificate.findUnique({ where: { clusterId_name: { clusterId, name } } });
  const path = parsedInput.data.path ?? existing?.path ?? defaultCertificatePath(name);
  const { metadata, chainPem, keyPem } = parsed.bundle;
  const data = {
    path,
    source: input.source ?? "upload",
    chainPem,
    keySealed: seal(keyPem, loadKeyring().current),
    subject: metadata.subject,
    sans: metadata.sans,
    issuer: metadata.issuer,
    notBefore: new Date(metadata.notBefore),
    notAfter: new Date(metadata.notAfter),
    fingerprint: metadata.fingerprint,
    createdBy: actor,
  };
  const audited = {
    name,
    path,
    source: data.source,
    subject: metadata.subject,
    fingerprint: metadata.fingerprint,
  };
  try {
    const [row, , job] = await db.$transaction([
      existing
        ? db.certificate.update({
            where: { id: existing.id },
            data: { ...data, served: {}, checkedAt: null },
          })
        : db.certificate.create({ data: { ...data, clusterId, name } }),
      auditWrite(db, {
        actor,
        action: existing ? "certificate.replace" : "certificate.add",
        target: name,
        clusterId,
        before: existing ? { name, path: existing.path, fingerprint: existing.fingerprint } : undefined,
        after: audited,
      }),
      ...(distribute
        ? [
            jobCreate(
              db,
              clusterId,
              { id: existing?.id, name, path, fingerprint: metadata.fingerprint },
              actor,
            ),
          ]
        : []),
    ]);
    const definition = await latestDefinition(db, clusterId);
    return {
      ok: true,
      certificate: certificateView(row as Certificate, definition),
      jobId: job ? (job as CertificateJob).id : null,
    };
  } catch (error) {
    // A path another certificate has, or the same name saved by a parallel request a moment earlier.
    if (dbRefusal(error) === "unique")
      return refusal(
        "conflict",
        "path",
        `another certificate of this cluster already uses ${path} (or the name was just taken)`,
      );
    throw error;
  }
}

/** Removes the certificate from hapair (the nodes keep their file); refused while a frontend names it. */
export async function removeCertificate(
  db: Database,
  clusterId: string,
  name: string,
  actor: string,
): Promise<CertificateOutcome> {
  const row = await db.certificate.findUnique({ where: { clusterId_name: { clusterId, name } } });
  if (!row) return refusal("not-found", "name", `no certificate "${name}" in this cluster`);
  const definition = await latestDefinition(db, clusterId);
  const users = frontendsUsing(definition, row.path);
  if (users.length > 0)
    return refusal(
      "forbidden-by-state",
      "name",
      `frontend ${users.join(", ")} uses ${row.path}: change the definition first`,
    );
  await db.$transaction([
    db.certificate.delete({ where: { id: row.id } }),
    auditWrite(db, {
      actor,
      action: "certificate.remove",
      target: name,
      clusterId,
      before: { name, path: row.path, fingerprint: row.fingerprint },
    }),
  ]);
  return { ok: true, certificate: certificateView(row, definition), jobId: null };
}

/**
 * Queues an adopt job: the agents read the certificate files the cluster's binds name from a node and
 * hold those hapair does not hold yet (agents/certificates/adopt.ts). Nothing is queued when no bind
 * names one; null then.
 */
export async function requestCertificateAdoption(
  db: Database,
  clusterId: string,
  actor: string,
): Promise<number | null> {
  const definition = await latestDefinition(db, clusterId);
  if (!definition || bindCertificatePaths(definition).length === 0) return null;
  const job = await db.certificateJob.create({
    data: { clusterId, kind: "adopt", name: "(adopt)", path: "", fingerprint: "", requestedBy: actor },
  });
  return job.id;
}

/** Queues putting the stored certificate on both nodes again (after a node was rebuilt, say). */
export async function requestCertificateDistribution(
  db: Database,
  clusterId: string,
  name: string,
  actor: string,
): Promise<{ ok: true; jobId: number } | Refusal> {
  const row = await db.certificate.findUnique({ where: { clusterId_name: { clusterId, name } } });
  if (!row) return refusal("not-found", "name", `no certificate "${name}" in this cluster`);
  const job = await jobCreate(db, clusterId, row, actor);
  return { ok: true, jobId: job.id };
}

/** The check's result on the row: what each node and the VIP served. */
export async function recordServed(db: Database, id: string, served: Served, at: Date): Promise<void> {
  await db.certificate.updateMany({
    where: { id },
    data: { served: served as Prisma.InputJsonValue, checkedAt: at },
  });
}

/** What the alert rules read about a cluster's certificates. */
export async function certificateFacts(db: Database, clusterId: string): Promise<CertificateFacts[]> {
  return (await certificateFactsByCluster(db, [clusterId])).get(clusterId) ?? [];
}

const leafSha1s = new LeafSha1s();

/** The same for many clusters in one statement (the evaluator's round). */
export async function certificateFactsByCluster(
  db: Database,
  clusterIds: readonly string[],
): Promise<Map<string, CertificateFacts[]>> {
  // Only what the rules read: every round, and never the sealed key.
  const rows = await db.certificate.findMany({
    where: { clusterId: { in: [...clusterIds] } },
    orderBy: { name: "asc" },
    select: {
      clusterId: true,
      name: true,
      path: true,
      fingerprint: true,
      chainPem: true,
      notAfter: true,
      served: true,
    },
  });
  const facts = new Map<string, CertificateFacts[]>();
  for (const row of rows) {
    const list = facts.get(row.clusterId) ?? [];
    list.push({
      name: row.name,
      path: row.path,
      fingerprint: row.fingerprint,
      sha1: leafSha1s.of(row.chainPem),
      notAfter: row.notAfter.toISOString(),
      served: servedOf(row),
    });
    facts.set(row.clusterId, list);
  }
  return facts;
}

/** For the agents' rollouts only: the files (chain and key in clear) of the cluster's certificates at these paths. */
export async function certificateFiles(
  db: Database,
  clusterId: string,
  paths: string[],
  keyring: Keyring = loadKeyring(),
): Promise<Record<string, string>> {
  if (paths.length === 0) return {};
  const rows = await db.certificate.findMany({ where: { clusterId, path: { in: paths } } });
  return Object.fromEntries(rows.map((row) => [row.path, revealCertificatePem(row, keyring)]));
}

/** Updates that re-seal every certificate's key with the keyring's current key (a key rotation's batch). */
export async function certificateResealUpdates(db: Database, keyring: Keyring) {
  const rows = await db.certificate.findMany({ select: { id: true, keySealed: true } });
  return rows.map((row) =>
    db.certificate.update({ where: { id: row.id }, data: { keySealed: resealed(row.keySealed, keyring) } }),
  );
}

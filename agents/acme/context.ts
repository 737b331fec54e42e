/**
 * Builds an ACME job's I/O from its row: the revision's definition, the account (key sealed in the
 * database), acme-client against the directory, each node's admin socket over lib/ssh, and the
 * certificate store (which queues the distribution to both nodes).
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { acmeAccount, saveAcmeJob, type AcmeJobRow } from "@/lib/store/acme-jobs";
import { saveCertificateBundle } from "@/lib/store/certificates";
import { revisionDefinition } from "@/lib/store/revisions";
import { loadKeyring } from "@/lib/secrets/keyring";
import { open, seal } from "@/lib/secrets/envelope";
import { realClock } from "../runtime/clock";
import { nodeTargetOrReason } from "../runtime/node-target";
import {
  AcmeClientCa,
  acmeClient,
  certificateNotAfter,
  createAccountKey,
  newKeyAndCsr,
} from "./acme-client-ca";
import type { AcmeEnv, AcmeJobData, AcmeJobView, ChallengeNode } from "./types";

/** A node's admin socket, one command per call, bounded in time like every socket read. */
const SOCKET_TIMEOUT_MS = 5_000;

export function jobView(row: AcmeJobRow): AcmeJobView {
  return { ...row, data: row.data as AcmeJobData };
}

export async function acmeContext(
  db: Database,
  pool: SshPool,
  job: AcmeJobRow,
  signal: AbortSignal,
  log?: (line: string) => void,
): Promise<AcmeEnv> {
  const found = await revisionDefinition(db, job.clusterId, job.revision);
  if (!found)
    throw new Error(`revision ${job.revision} cannot be read (gone, or its secrets cannot be opened)`);
  const { definition, nodeIds, pins } = found;
  const settings = definition.acme;
  const spec = settings?.certificates.find((c) => c.name === job.certificate);
  if (!settings || !spec)
    throw new Error(`revision ${job.revision} asks for no ACME certificate ${job.certificate}`);
  const socketPath = definition.haproxy.global.statsSocket.path;
  const nodes: ChallengeNode[] = definition.nodes.map((node) => {
    const target = nodeTargetOrReason(nodeIds[node.name], node, pins[node.name] ?? null);
    return {
      name: node.name,
      runtime: (command) => {
        if (typeof target === "string") throw new Error(`${node.name}: ${target}`);
        return pool.socket(target, socketPath, command, { signal, timeoutMs: SOCKET_TIMEOUT_MS });
      },
    };
  });
  const account = await acmeAccount(db, settings.directoryUrl, settings.email, createAccountKey);
  const client = acmeClient(settings, account.keyPem, account.accountUrl ?? undefined);
  const ca = new AcmeClientCa(client, settings.email, async (url) => {
    if (url !== account.accountUrl) await account.remember(url);
  });
  const keyring = loadKeyring();
  return {
    ca,
    nodes,
    installer: {
      async install(bundle) {
        const saved = await saveCertificateBundle(
          db,
          bundle.clusterId,
          {
            name: bundle.name,
            pem: `${bundle.chainPem.trimEnd()}\n${bundle.keyPem}`,
            path: bundle.path,
            source: "acme",
          },
          "acme",
        );
        if (!saved.ok)
          throw new Error(
            `the certificate store refused it: ${saved.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
          );
        return [
          `stored as certificate ${bundle.name} (${saved.certificate.fingerprint})${saved.jobId === null ? "" : `, distribution job ${saved.jobId} queued`}`,
        ];
      },
    },
    store: { save: (view) => saveAcmeJob(db, view as unknown as AcmeJobRow) },
    spec,
    challengeMap: settings.challengeMap,
    keys: {
      csr: newKeyAndCsr,
      notAfter: certificateNotAfter,
      seal: (text) => seal(text, keyring.current),
      open: (sealed) => open(sealed, keyring.all),
    },
    clock: realClock,
    log,
  };
}

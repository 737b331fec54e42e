/** `hapair apply` and `hapair export`: the same validation and storage the HTTP API uses. */
import { definitionToYaml } from "@/lib/cluster/yaml";
import type { Database } from "@/lib/db/client";
import { createCluster } from "@/lib/store/create-cluster";
import { findClusterIdByName, getRevision, saveDefinition } from "@/lib/store/definitions";
import { printIssues, printWarnings, UsageError, type CliIo } from "./io";
import { readDefinitionDocument } from "./load-file";

export async function applyCommand(
  io: CliIo,
  db: Database,
  file: string | undefined,
  message: string | undefined,
): Promise<number> {
  if (!file) throw new UsageError("apply needs FILE");
  const document = readDefinitionDocument(io, file);
  if (!document.ok) {
    printIssues(io, document.issues);
    return 1;
  }
  // saveDefinition validates (with the other clusters' VRIDs) exactly as the HTTP API does.
  const name = (document.value as { name?: unknown } | null)?.name;
  const clusterId = typeof name === "string" ? await findClusterIdByName(db, name) : null;
  const author = `cli:${process.env.SUDO_USER ?? process.env.USER ?? "unknown"}`;
  // A new cluster is created as the API creates one (its certificate files' adoption queued).
  const { saved: outcome, adoptJob } = clusterId
    ? {
        saved: await saveDefinition(db, document.value, { mode: "update", clusterId, author, message }),
        adoptJob: null,
      }
    : await createCluster(db, document.value, { author, message });
  printWarnings(io, outcome.warnings);
  if (!outcome.ok) {
    printIssues(io, outcome.issues);
    return 1;
  }
  io.stdout(
    `${String(name)}: ${outcome.created ? `saved as revision ${outcome.revision}` : `unchanged (revision ${outcome.revision})`}\n`,
  );
  if (adoptJob !== null)
    io.stdout(
      `the certificate files its binds name: adoption queued (job ${adoptJob}; the agents read them from a node)\n`,
    );
  return 0;
}

export async function exportCommand(
  io: CliIo,
  db: Database,
  name: string | undefined,
  revision: string | undefined,
): Promise<number> {
  if (!name) throw new UsageError("export needs NAME");
  const clusterId = await findClusterIdByName(db, name);
  const found = clusterId ? await getRevision(db, clusterId, revision ? Number(revision) : undefined) : null;
  if (!found) {
    io.stderr(`no cluster "${name}"${revision ? ` with revision ${revision}` : ""}\n`);
    return 1;
  }
  io.stdout(definitionToYaml(found.definition, `cluster ${found.name}, revision ${found.number}`));
  return 0;
}

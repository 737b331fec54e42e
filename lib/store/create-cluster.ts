/**
 * A new cluster from a definition, as `POST /api/clusters` and `hapair apply` create one: validated
 * and saved (saveDefinition), then, when its binds name certificate files (an imported pair), an adopt
 * job queued: the agents read those files from a node and hold them.
 */
import type { Database } from "@/lib/db/client";
import { requestCertificateAdoption } from "./certificates";
import { saveDefinition, type SaveOutcome } from "./definitions";

export async function createCluster(
  db: Database,
  input: unknown,
  options: { author: string; message?: string },
): Promise<{ saved: SaveOutcome; adoptJob: number | null }> {
  const saved = await saveDefinition(db, input, { mode: "create", ...options });
  const adoptJob = saved.ok ? await requestCertificateAdoption(db, saved.clusterId, options.author) : null;
  return { saved, adoptJob };
}

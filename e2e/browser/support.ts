/** Shared by the browser specs: the clusters the app lists, and clean-up of the ones a spec created. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect as baseExpect, type APIRequestContext } from "@playwright/test";

/** Long flows on a shared 2-core machine: give each step room. */
export const expect = baseExpect.configure({ timeout: 20_000 });

export const ARTICLE = join(process.cwd(), "lib", "cluster", "__fixtures__", "article");
export const articleFile = (file: string) => readFileSync(join(ARTICLE, file), "utf8");

/** The clusters the app lists. */
export async function listedClusters(request: APIRequestContext): Promise<{ id: string; name: string }[]> {
  return (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
}

/** The id of the registered cluster `name` (the lab pair's, say); throws when there is none. */
export async function clusterIdOf(request: APIRequestContext, name: string): Promise<string> {
  const id = (await listedClusters(request)).find((c) => c.name === name)?.id;
  if (!id) throw new Error(`cluster ${name} is not registered`);
  return id;
}

/**
 * A name of its own for the cluster a spec creates: `prefix` and the time. The clusters named so by
 * an interrupted earlier run are removed first (they would hold the spec's VRID).
 */
export async function ownClusterName(request: APIRequestContext, prefix: string): Promise<string> {
  for (const cluster of (await listedClusters(request)).filter((c) => c.name.startsWith(prefix)))
    await request.delete(`/api/clusters/${cluster.id}`);
  return `${prefix}${Date.now()}`;
}

/** Shared by the browser specs that create clusters of their own. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect as baseExpect, type APIRequestContext } from "@playwright/test";

/** Long flows on a shared 2-core machine: give each step room. */
export const expect = baseExpect.configure({ timeout: 20_000 });

export const ARTICLE = join(process.cwd(), "lib", "cluster", "__fixtures__", "article");
export const articleFile = (file: string) => readFileSync(join(ARTICLE, file), "utf8");

/** Clusters an interrupted earlier run left behind would hold the spec's VRID. */
export async function removeLeftovers(request: APIRequestContext, prefix: string): Promise<void> {
  const clusters = (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
  for (const cluster of clusters.filter((c) => c.name.startsWith(prefix)))
    await request.delete(`/api/clusters/${cluster.id}`);
}

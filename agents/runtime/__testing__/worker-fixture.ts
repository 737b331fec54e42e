/**
 * For claim-worker tests: a migrated database of the test file's own with one saved cluster (call at
 * the file's top level, before anything imports the client), and an SSH pool that no job may reach.
 */
import { beforeAll } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { SshPool } from "@/lib/ssh";

export async function useWorkerDatabase(name: string) {
  const { db } = await useTestDatabase(name);
  const cluster = { id: "" };
  beforeAll(async () => {
    cluster.id = await saveTestCluster(db);
  });
  return { db, cluster };
}

/** Every call fails: a job that gets as far as a node shows up as that error. */
export const unreachablePool = new Proxy({} as SshPool, {
  get: () => () => Promise.reject(new Error("no node may be asked")),
});

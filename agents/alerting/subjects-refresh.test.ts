/**
 * The alert rules' snapshot of the definitions: the first round waits for the first read (shared with
 * the loop's), later ones get what is there at once, and a cluster saved meanwhile is in the snapshot
 * after the next refresh.
 */
import { describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";

const { db } = await useTestDatabase("subjects-refresh");
const { startSubjectsRefresh, SUBJECTS_REFRESH_MS } = await import("./subjects-refresh");

describe("alert subjects refresh", () => {
  it("answers the first read to the first rounds, and a new cluster after the next refresh", async () => {
    await saveTestCluster(db);
    const refresh = startSubjectsRefresh(db);
    try {
      const [first, second] = await Promise.all([refresh.current(), refresh.current()]);
      expect(first.subjects).toHaveLength(1);
      expect(second).toBe(first);
      await saveTestCluster(db, { ...articlePair, name: "second-pair" });
      expect((await refresh.current()).subjects).toHaveLength(1); // the snapshot, not a read
      await new Promise((resolve) => setTimeout(resolve, SUBJECTS_REFRESH_MS + 500));
      expect((await refresh.current()).subjects).toHaveLength(2);
    } finally {
      await refresh.stop();
    }
  });
});

/**
 * What the alert rules read of the definitions and of the last rollouts, re-read by a loop of its own
 * every few seconds (both change rarely): a round reads the snapshot it left and never waits for a
 * refresh, except for the first one. Inside the round, the refresh every third second made those
 * rounds the slowest (25–40 ms of PostgreSQL's 60–100, scripts/bench/alert-rounds.ts), and a VIP
 * write's round could wait for it.
 */
import type { Database } from "@/lib/db/client";
import { clusterSubjects, subjectCache, type ClusterSubject } from "@/lib/store/alert-inputs";
import { closeOrphanIncidents } from "@/lib/store/alert-incidents";
import { pushedCache, pushedChecksums, type Pushed } from "@/lib/store/pushed-checksums";
import { startLoop, type LoopHandle } from "../runtime/loop";

export const SUBJECTS_REFRESH_MS = 3_000;

export interface AlertSubjects {
  subjects: ClusterSubject[];
  /** Per cluster and node, the checksums of the files the last successful rollout installed. */
  pushed: Map<string, Pushed>;
}

export interface SubjectsRefresh {
  /** The newest snapshot; the first call waits for the first read. */
  current(): Promise<AlertSubjects>;
  stop(): Promise<void>;
}

export function startSubjectsRefresh(db: Database): SubjectsRefresh {
  const subjectsRead = subjectCache();
  const pushedRead = pushedCache();
  let snapshot: AlertSubjects | undefined;
  /** One read at a time: the first round's and the loop's first run share it. */
  let reading: Promise<AlertSubjects> | undefined;

  const read = (): Promise<AlertSubjects> => {
    reading ??= (async () => {
      const subjects = await clusterSubjects(db, subjectsRead);
      const pushed = await pushedChecksums(db, pushedRead);
      await closeOrphanIncidents(
        db,
        subjects.map((s) => s.clusterId),
        new Date(),
      );
      snapshot = { subjects, pushed };
      return snapshot;
    })().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  const loop: LoopHandle = startLoop({
    name: "alert subjects",
    intervalMs: SUBJECTS_REFRESH_MS,
    timeoutMs: SUBJECTS_REFRESH_MS - 100,
    startJitterMs: 0,
    run: async () => {
      await read();
    },
  });

  return {
    current: () => (snapshot ? Promise.resolve(snapshot) : read()),
    async stop() {
      await loop.stop();
      await reading?.catch(() => undefined);
    },
  };
}

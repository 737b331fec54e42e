/**
 * Which drill a page belongs to: an incident that began while a drill of its cluster ran (or just
 * after it ended, while the poller catches up) is marked as that drill's, so whoever is paged sees an
 * exercise. Pure.
 */
import type { DrillMark } from "@/lib/notify/message";

/** The poller sees the pair settle up to a few polls after the drill confirmed it. */
export const DRILL_MARK_GRACE_MS = 5_000;

export interface DrillWindow {
  id: number;
  clusterId: string;
  mode: string;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function drillCovering(drills: DrillWindow[], clusterId: string, since: Date): DrillMark | null {
  const at = since.getTime();
  const covering = drills.filter(
    (d) =>
      d.clusterId === clusterId &&
      d.startedAt !== null &&
      d.startedAt.getTime() <= at &&
      (d.finishedAt === null || at <= d.finishedAt.getTime() + DRILL_MARK_GRACE_MS),
  );
  // One drill per cluster at a time; the latest started wins if windows touch through the grace.
  const drill = covering.sort((a, b) => (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0))[0];
  return drill ? { id: drill.id, kind: drill.mode } : null;
}

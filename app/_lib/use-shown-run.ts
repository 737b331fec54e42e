"use client";

import { useState } from "react";

/**
 * A cluster panel's run to show (drills, rollouts): the one picked in the history, else the one still
 * pending or running (which also blocks starting another).
 */
export function useShownRun<T extends { id: number; status: string }>(history: T[]) {
  const [picked, setPicked] = useState<number | null>(null);
  const active = history.find((run) => run.status === "pending" || run.status === "running");
  return { active, shownId: picked ?? active?.id ?? null, show: setPicked };
}

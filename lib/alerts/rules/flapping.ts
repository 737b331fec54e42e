/** Flapping: the VIP moved more than N times within the last M minutes. Resolves once the window holds N or fewer. */
import type { Rule } from "../types";

export const flapping: Rule = (input) => {
  const { moves, windowMinutes } = input.subject.settings.flapping;
  const windowStart = input.now - windowMinutes * 60_000;
  const inWindow = input.vipMoves.filter((at) => at > windowStart && at <= input.now).sort((x, y) => x - y);
  if (inWindow.length <= moves) return [];
  return [
    {
      rule: "flapping",
      key: "flapping",
      severity: "warning",
      summary: `the VIP moved ${inWindow.length} times in ${windowMinutes} min (more than ${moves})`,
      holdMs: 0,
      evidence: { moves: inWindow.map((at) => new Date(at).toISOString()), threshold: moves, windowMinutes },
    },
  ];
};

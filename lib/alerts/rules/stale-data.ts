/** Stale data: no fresh observation of a node (the poller stopped, or never reached it): its state is unknown. */
import { ageMs, seconds } from "../observations";
import type { Rule } from "../types";

export const staleData: Rule = (input) => {
  const { staleAfterSeconds, hold } = input.subject.settings;
  return input.subject.nodes.flatMap(({ name }) => {
    const observation = input.observations[name];
    if (observation && ageMs(input, observation) <= seconds(staleAfterSeconds)) return [];
    return [
      {
        rule: "stale-data" as const,
        key: name,
        severity: "warning" as const,
        summary: observation
          ? `no observation of ${name} since ${observation.at}`
          : `${name} has never been observed`,
        holdMs: seconds(hold.haDegraded),
        evidence: { node: name, lastObservationAt: observation?.at ?? null, staleAfterSeconds },
      },
    ];
  });
};

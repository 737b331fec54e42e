/**
 * No VIP holder: every node answers and none holds the VIP: nothing serves it. While a node cannot
 * be seen (unreachable, or its reading stale) it may hold the VIP (a node that came back before
 * hapair reconnected does): the holder is unknown, not none, and the unreachable node's own alerts speak.
 */
import { addressEvidence, freshReachable, seconds } from "../observations";
import type { Rule } from "../types";

export const noVipHolder: Rule = (input) => {
  const reachable = freshReachable(input);
  if (reachable.length < input.subject.nodes.length || reachable.some((o) => o.vipsHeld.length > 0))
    return [];
  return [
    {
      rule: "no-vip-holder",
      key: "no-vip-holder",
      severity: "critical",
      summary: `no reachable node holds ${input.subject.vips.map((v) => v.address).join(", ")}`,
      holdMs: seconds(input.subject.settings.hold.noVipHolder),
      evidence: {
        nodes: Object.fromEntries(reachable.map((o) => [o.node, addressEvidence(input, o)])),
      },
    },
  ];
};

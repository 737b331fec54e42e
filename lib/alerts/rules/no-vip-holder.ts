/** No VIP holder: nodes answer, and none of them holds the VIP: nothing serves the VIP. */
import { addressEvidence, freshReachable, seconds } from "../observations";
import type { Rule } from "../types";

export const noVipHolder: Rule = (input) => {
  const reachable = freshReachable(input);
  if (reachable.length === 0 || reachable.some((o) => o.vipsHeld.length > 0)) return [];
  return [
    {
      rule: "no-vip-holder",
      key: "no-vip-holder",
      severity: "critical",
      summary: `no reachable node holds ${input.subject.vips.map((v) => v.address).join(", ")}`,
      holdMs: seconds(input.subject.settings.hold.noVipHolder),
      evidence: {
        nodes: Object.fromEntries(reachable.map((o) => [o.node, addressEvidence(input, o)])),
        unreachable: input.subject.nodes.map((n) => n.name).filter((name) => !reachable.some((o) => o.node === name)),
      },
    },
  ];
};

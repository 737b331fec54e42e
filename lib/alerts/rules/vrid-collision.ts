/**
 * VRID collision on the wire: a VRRP speaker other than the cluster's two nodes advertises the
 * cluster's VRID on the segment (the article: "another team runs Keepalived on the same VLAN and
 * picked the same VRID"). Ours are the nodes' segment addresses and whatever a node's capture saw
 * leaving itself; anyone else on our VRID is named with its address and MAC.
 */
import type { VrrpSpeaker } from "@/lib/status/segment";
import { freshReachable, seconds } from "../observations";
import type { Condition, Rule } from "../types";

export const vridCollision: Rule = (input) => {
  const vrid = input.subject.virtualRouterId;
  const fresh = freshReachable(input);
  const ours = new Set([
    ...input.subject.nodes.flatMap((n) => (n.address ? [n.address] : [])),
    ...fresh.flatMap((o) => (o.segment?.speakers ?? []).filter((s) => s.self).map((s) => s.source)),
  ]);
  const foreign = new Map<string, { speaker: VrrpSpeaker; seenBy: string[] }>();
  for (const o of fresh) {
    for (const speaker of o.segment?.speakers ?? []) {
      if (speaker.vrid !== vrid || ours.has(speaker.source)) continue;
      const key = `${speaker.source}/${speaker.mac}`;
      const entry = foreign.get(key) ?? { speaker, seenBy: [] };
      entry.seenBy.push(o.node);
      foreign.set(key, entry);
    }
  }
  return [...foreign].map(([key, { speaker, seenBy }]): Condition => ({
    rule: "vrid-collision",
    key: `speaker:${key}`,
    severity: "critical",
    summary: `VRID ${vrid} is also advertised by ${speaker.source} (MAC ${speaker.mac}, priority ${speaker.priority}), seen by ${seenBy.join(" and ")}`,
    holdMs: seconds(input.subject.settings.hold.vridCollision),
    evidence: {
      virtualRouterId: vrid,
      source: speaker.source,
      mac: speaker.mac,
      priority: speaker.priority,
      intervalS: speaker.intervalS,
      seenBy,
    },
  }));
};

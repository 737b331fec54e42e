/**
 * Runtime state drift (a `drift` condition): a declared server drained, in maintenance or with another
 * weight on one node only. A drain through hapair reaches both nodes within a second or so; the hold
 * (`alerting.hold.runtimeDrift`) keeps that from opening anything.
 */
import { describeDrift, runtimeDrift } from "@/lib/status/runtime-drift";
import { freshReachable, seconds } from "../observations";
import type { Rule } from "../types";

export const runtimeStateDrift: Rule = (input) =>
  runtimeDrift(freshReachable(input), input.subject.backends).map((drift) => ({
    rule: "drift",
    key: `runtime:${drift.backend}/${drift.server}`,
    severity: "warning",
    summary: `${drift.backend}/${drift.server} differs between the nodes at run time: ${describeDrift(drift)}`,
    holdMs: seconds(input.subject.settings.hold.runtimeDrift),
    evidence: {
      backend: drift.backend,
      server: drift.server,
      differs: drift.differs,
      nodes: Object.fromEntries(
        drift.nodes.map((n) => [n.node, { adminState: n.adminState, weight: n.weight }]),
      ),
    },
  }));

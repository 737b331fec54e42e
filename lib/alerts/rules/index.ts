/** Every alert rule over one cluster's observations. Pure. */
import type { AlertInput, Condition, Rule } from "../types";
import { advertLoss } from "./advert-loss";
import { backends } from "./backends";
import { certificates } from "./certificates";
import { drift } from "./drift";
import { flapping } from "./flapping";
import { haDegraded } from "./ha-degraded";
import { noVipHolder } from "./no-vip-holder";
import { runtimeStateDrift } from "./runtime-drift";
import { splitBrain } from "./split-brain";
import { staleArp } from "./stale-arp";
import { staleData } from "./stale-data";
import { vridCollision } from "./vrid-collision";

const ALL: Rule[] = [
  splitBrain,
  noVipHolder,
  haDegraded,
  backends,
  drift,
  runtimeStateDrift,
  flapping,
  staleData,
  certificates,
  staleArp,
  vridCollision,
  advertLoss,
];

export function evaluateRules(input: AlertInput): Condition[] {
  return ALL.flatMap((rule) => rule(input));
}

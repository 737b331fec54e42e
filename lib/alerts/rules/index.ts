/** Every alert rule over one cluster's observations. Pure. */
import type { AlertInput, Condition, Rule } from "../types";
import { advertLoss } from "./advert-loss";
import { backends } from "./backends";
import { drift } from "./drift";
import { flapping } from "./flapping";
import { haDegraded } from "./ha-degraded";
import { noVipHolder } from "./no-vip-holder";
import { splitBrain } from "./split-brain";
import { staleData } from "./stale-data";
import { vridCollision } from "./vrid-collision";

const ALL: Rule[] = [
  splitBrain,
  noVipHolder,
  haDegraded,
  backends,
  drift,
  flapping,
  staleData,
  vridCollision,
  advertLoss,
];

export function evaluateRules(input: AlertInput): Condition[] {
  return ALL.flatMap((rule) => rule(input));
}

/**
 * Failover drills (lib/drill): how long a fault may last before the node undoes it by itself, and the
 * node-death command, which only runs when the definition enables it and the operator confirms.
 */
import { z } from "zod";
import { argv } from "./commands";
import { intIn } from "./primitives";

export const drillsSchema = z.strictObject({
  /** The node-side dead-man timer: a fault the drill injected is undone on the node after this long, even if hapair dies. */
  deadManSeconds: intIn(10, 600).default(60),
  nodeDeath: z
    .strictObject({
      enabled: z.boolean().default(false),
      /**
       * Run on the VIP holder to make it vanish from the segment (e.g. a forced reboot on real hardware).
       * It must bring the node back by itself: hapair cannot reach a dead node.
       */
      command: argv.optional(),
      /** How long the node may take to come back (answer SSH again). */
      returnWithinSeconds: intIn(10, 3600).default(300),
    })
    .refine((n) => !n.enabled || n.command !== undefined, {
      path: ["command"],
      message: "a command to run when node death is enabled",
    })
    .default({ enabled: false, returnWithinSeconds: 300 }),
});

export type DrillsSettings = z.infer<typeof drillsSchema>;

export function drillsSettings(section: DrillsSettings | undefined): DrillsSettings {
  return section ?? drillsSchema.parse({});
}

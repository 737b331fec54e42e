/**
 * Failover drills (lib/drill): how long a fault may last before the node undoes it by itself, and the
 * node-death command, which only runs when the definition enables it and the operator confirms.
 */
import { z } from "zod";
import { argv } from "./commands";
import { intIn } from "./primitives";

/** One scheduled drill: `mode` every `everyDays` days at `at` (HH:MM, UTC), started within `windowMinutes`. */
export const drillScheduleEntrySchema = z
  .strictObject({
    mode: z.enum(["process", "node", "partition"], { error: "process, node or partition" }),
    everyDays: intIn(1, 366),
    at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day in UTC as HH:MM, such as 03:30"),
    windowMinutes: intIn(1, 720).default(60),
    /** Node death runs the definition's node command: a schedule must confirm it here, once. */
    confirmNodeDeath: z.boolean().default(false),
  })
  .refine((e) => e.mode !== "node" || e.confirmNodeDeath, {
    path: ["confirmNodeDeath"],
    message: "a scheduled node-death drill must be confirmed (confirmNodeDeath: true)",
  });

export type DrillScheduleEntry = z.infer<typeof drillScheduleEntrySchema>;

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
  /**
   * Drills the agents run by themselves. Pre-checks apply (a scheduled drill is never forced); one
   * that fails or exceeds its bound pages (rule drill-failed).
   */
  schedule: z.array(drillScheduleEntrySchema).max(6, "at most 6 scheduled drills").optional(),
});

export type DrillsSettings = z.infer<typeof drillsSchema>;

export function drillsSettings(section: DrillsSettings | undefined): DrillsSettings {
  return section ?? drillsSchema.parse({});
}

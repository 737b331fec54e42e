/** Rollout settings kept in the definition: how many numbered backups of each file stay on a node. */
import { z } from "zod";
import { intIn } from "./primitives";

export const DEFAULT_KEEP_BACKUPS = 10;

export const rolloutSettingsSchema = z.strictObject({
  /** Numbered backups (`FILE.hapair-<rollout>`) kept per file and node; older ones are removed after a successful rollout. */
  keepBackups: intIn(1, 1000).default(DEFAULT_KEEP_BACKUPS),
});

export type RolloutSettings = z.infer<typeof rolloutSettingsSchema>;

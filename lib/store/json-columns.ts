/**
 * The JSON columns, checked on read: a row written by an older or broken build, or edited by hand,
 * must not take a reader (the web server, the agents' loops) down with it. Each reader turns a
 * column that does not parse into an error for that row only (`unreadable`), in the row's own terms.
 */
import { z } from "zod";
import type { AdvertWindow, SegmentView } from "@/lib/status/segment";
import type { NodeObservation } from "@/lib/status/observation";
import type { NodeActionResult } from "@/lib/runtime-api/server-action";
import type { LogLine, RolloutPlan } from "@/lib/rollout/types";
import type { ArpTruth } from "@/lib/status/arp-truth";

const fileRole = z.enum(["haproxy.cfg", "keepalived.conf", "notify-script"]);

export const rolloutPlanSchema = z.object({
  revision: z.number(),
  noChange: z.boolean(),
  drift: z.boolean(),
  nodes: z.array(
    z.object({
      node: z.string(),
      side: z.enum(["backup", "master"]),
      drift: z.array(z.string()),
      warnings: z.array(z.string()).optional(),
      files: z.array(
        z.object({
          role: fileRole,
          path: z.string(),
          beforeSha: z.string().nullable(),
          afterSha: z.string(),
          changed: z.boolean(),
          diff: z.string(),
          diffTooLarge: z.boolean().optional(),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<RolloutPlan>;

export const logLinesSchema = z.array(z.object({ at: z.string(), line: z.string() })) satisfies z.ZodType<
  LogLine[]
>;

export const nodeActionResultsSchema = z.array(
  z.object({
    node: z.string(),
    ok: z.boolean(),
    error: z.string().optional(),
    adminState: z.string().optional(),
    stateSaved: z.boolean(),
    at: z.string(),
    durationMs: z.number(),
  }),
) satisfies z.ZodType<NodeActionResult[]>;

// Lenient where a default is the honest reading (rows from older builds, fixtures): only a wrong type
// makes the row unreadable.
const count = z.number().nullable().default(null);
const segmentViewSchema = z.object({
  interface: z.string(),
  capture: z.enum(["on", "starting", "no-tcpdump"]),
  speakers: z.array(
    z.object({
      source: z.string(),
      mac: z.string(),
      vrid: z.number(),
      priority: z.number(),
      intervalS: z.number(),
      self: z.boolean(),
    }),
  ),
}) satisfies z.ZodType<SegmentView>;
const advertSpanSchema = z.object({ ms: z.number(), sent: z.number(), received: z.number() });
/** The `adverts` column beside an observation (keepalived's advert counters over recent spans). */
export const advertWindowsSchema = z.array(
  z.object({ vrid: z.number(), at: z.number(), long: advertSpanSchema, short: advertSpanSchema }),
) satisfies z.ZodType<AdvertWindow[]>;
export const nodeObservationSchema = z.object({
  node: z.string().default(""),
  at: z.string().default(""),
  reachable: z.boolean(),
  error: z.string().nullable().default(null),
  hostKey: z.enum(["pinned", "unknown", "mismatch"]).default("unknown"),
  vipsHeld: z.array(z.string()).default([]),
  keepalived: z
    .object({
      running: z.boolean(),
      state: z.enum(["INIT", "BACKUP", "MASTER", "FAULT", "STOP"]).nullable().default(null),
      priority: count,
      effectivePriority: count,
      stateAgeMs: z.number().optional(),
    })
    .nullable()
    .default(null),
  haproxy: z
    .object({
      running: z.boolean(),
      masterPid: count,
      reloads: count,
      failedReloads: count,
      workerPids: z.array(z.number()).default([]),
      servers: z
        .array(
          z.object({
            backend: z.string(),
            server: z.string(),
            status: z.string(),
            checkStatus: z.string().nullable().default(null),
            sessions: z.number().default(0),
            weight: z.number().nullable().optional(),
            adminState: z.enum(["READY", "DRAIN", "MAINT"]).optional(),
          }),
        )
        .default([]),
      error: z.string().nullable().default(null),
    })
    .nullable()
    .default(null),
  nonlocalBind: z.boolean().nullable().default(null),
  checksums: z.record(z.string(), z.string()).default({}),
  segment: segmentViewSchema.optional(),
}) satisfies z.ZodType<NodeObservation>;

/** What a reload step records before it reloads (read back by check-backends and by a resume). */
export const reloadStepDataSchema = z.object({
  procBefore: z
    .object({
      masterPid: z.number(),
      reloads: z.number(),
      failedReloads: z.number(),
      workers: z.array(z.object({ pid: z.number(), reloads: z.number(), uptime: z.string() })),
    })
    .optional(),
  healthBefore: z.record(z.string(), z.boolean()).optional(),
  stateBefore: z.string().optional(),
});
export type ReloadStepData = z.infer<typeof reloadStepDataSchema>;

export type ColumnRead<T> = { ok: true; value: T } | { ok: false; unreadable: string };

/** Parses one column; `unreadable` names the column and the first problem ("plan: nodes.0.side: …"). */
export function readColumn<T>(schema: z.ZodType<T>, column: string, value: unknown): ColumnRead<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { ok: false, unreadable: `stored ${column} unreadable (${where}${issue?.message ?? "invalid"})` };
}

const neighbourEntry = z.object({
  mac: z.string().nullable(),
  state: z.string(),
  device: z.string().nullable(),
});

/** The Cluster's `arpTruth` column (the agents' newest ARP truth reading). */
export const arpTruthSchema = z.object({
  at: z.string(),
  macs: z.record(z.string(), z.string().nullable()),
  staleAfterMs: z.number(),
  vips: z.array(
    z.object({
      vip: z.string(),
      holder: z.string().nullable(),
      movedAt: z.number().nullable(),
      peer: z
        .union([
          z.object({ node: z.string(), macs: z.array(z.string()) }),
          z.object({ node: z.string(), error: z.string() }),
        ])
        .nullable(),
      witness: z
        .union([
          z.object({ host: z.string(), entry: neighbourEntry.nullable() }),
          z.object({ host: z.string(), error: z.string() }),
        ])
        .nullable(),
    }),
  ),
}) satisfies z.ZodType<ArpTruth>;

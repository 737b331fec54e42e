/** A rollout's vocabulary: files, plan, steps and statuses, shared by the agents, the API and the UI. */
import { z } from "zod";
import { forcedRequestSchema } from "@/lib/forced-request";

export const ROLLOUT_MODES = ["graceful", "verify-on-backup"] as const;
export type RolloutMode = (typeof ROLLOUT_MODES)[number];

/** planning → planned → pending → running → succeeded | failed | rolled-back | interrupted (plan-failed, cancelled). */
export const ROLLOUT_STATUSES = [
  "planning",
  "planned",
  "plan-failed",
  "pending",
  "running",
  "succeeded",
  "failed",
  "rolled-back",
  "interrupted",
  "cancelled",
] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];
export const ACTIVE_STATUSES: readonly RolloutStatus[] = ["pending", "running"];
export const FINISHED_STATUSES: readonly RolloutStatus[] = [
  "succeeded",
  "failed",
  "rolled-back",
  "interrupted",
  "plan-failed",
  "cancelled",
];

export type FileRole = "haproxy.cfg" | "keepalived.conf" | "notify-script";

/** A file hapair writes to a node. */
export interface DesiredFile {
  role: FileRole;
  path: string;
  text: string;
  mode: number;
}

export interface PlanFile {
  role: FileRole;
  path: string;
  /** sha256 of the file on the node when planned; null when it does not exist. */
  beforeSha: string | null;
  afterSha: string;
  changed: boolean;
  /** Unified diff node → rendered, secrets masked. Empty when unchanged or too large. */
  diff: string;
  /** The diff was past its bounds (lib/cluster/bounded-diff.ts) and left out. */
  diffTooLarge?: boolean;
}

export interface NodePlan {
  node: string;
  /** Which side the rollout treats this node as: the backup goes first. */
  side: "backup" | "master";
  files: PlanFile[];
  /** Why this node's files are not what hapair last pushed (edited by hand, differ from the peer). */
  drift: string[];
  /** Why the keepalived reload will restart VRRP instances on this node (`keepalived-reload.ts`); absent when it will not. */
  warnings?: string[];
}

export interface RolloutPlan {
  revision: number;
  nodes: NodePlan[];
  /** Nothing to change on any node. */
  noChange: boolean;
  drift: boolean;
}

export const STEP_KINDS = [
  "gate",
  "preflight",
  "certificates",
  "install",
  "reload-haproxy",
  "check-backends",
  "reload-keepalived",
  "failover",
  "probe-vip",
  "failback",
  "confirm",
  "restore",
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const STEP_STATUSES = ["pending", "running", "done", "failed", "skipped", "interrupted"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface StepSpec {
  kind: StepKind;
  /** The node the step acts on; null for cluster-wide steps. */
  node: string | null;
}

export interface LogLine {
  at: string;
  line: string;
}

export interface RolloutStepView extends StepSpec {
  index: number;
  status: StepStatus;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  log: LogLine[];
  /** Full output of validators and checks, kept as the node printed it. */
  output: string;
  /** Why the step failed or was interrupted; null otherwise. */
  error: string | null;
}

export interface RolloutView {
  id: number;
  clusterId: string;
  revision: number;
  mode: RolloutMode | null;
  status: RolloutStatus;
  requestedBy: string;
  startedBy: string | null;
  forceReason: string | null;
  driftConfirmed: boolean;
  /** Written by the agents once they read both nodes; null while planning. */
  plan: RolloutPlan | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  steps: RolloutStepView[];
  /** JSON columns of this row that did not parse (lib/store/json-columns.ts); absent when all did. */
  unreadable?: string[];
}

export const rolloutPlanRequestSchema = z.strictObject({
  revision: z.number({ error: "a revision number" }).int().min(1, "a revision number"),
});
export type RolloutPlanRequest = z.infer<typeof rolloutPlanRequestSchema>;

/** `force`: start although the cluster is not healthy (the reason is required and audited). */
export const rolloutStartRequestSchema = forcedRequestSchema("rollout", {
  mode: z.enum(ROLLOUT_MODES, { error: "graceful or verify-on-backup" }),
  /** The operator saw the drift flagged in the plan and replaces the hand edits. */
  confirmDrift: z.boolean().default(false),
});

export type RolloutStartRequest = z.infer<typeof rolloutStartRequestSchema>;

/** A runtime action on one backend server: the request shared by the HTTP API, the UI and the agents. */
import { z } from "zod";
import { identifier } from "@/lib/cluster/schema/primitives";

export const SERVER_ACTIONS = ["drain", "maint", "ready"] as const;
export type ServerActionKind = (typeof SERVER_ACTIONS)[number];

export const serverActionRequestSchema = z.strictObject({
  backend: identifier,
  server: identifier,
  action: z.enum(SERVER_ACTIONS, { error: "one of drain, maint, ready" }),
  /** "Align" after runtime drift: the state on both nodes and the weight back to the configured one. */
  align: z.boolean().optional(),
});

export type ServerActionRequest = z.infer<typeof serverActionRequestSchema>;

export const ACTION_STATUSES = ["pending", "running", "done", "failed"] as const;
export type ServerActionStatus = (typeof ACTION_STATUSES)[number];

/** What one node answered to one action. */
export interface NodeActionResult {
  node: string;
  ok: boolean;
  error?: string;
  /** The server's admin state on that node after the action, as read back (READY, DRAIN, MAINT). */
  adminState?: string;
  /** Whether the node's server-state file was written, so a reload keeps the state. */
  stateSaved: boolean;
  at: string;
  durationMs: number;
}

/** A stored action as the API returns it. */
export interface ServerActionView extends ServerActionRequest {
  id: number;
  align: boolean;
  clusterId: string;
  requestedBy: string;
  requestedAt: string;
  status: ServerActionStatus;
  startedAt: string | null;
  finishedAt: string | null;
  results: NodeActionResult[];
}

/**
 * Every HTTP operation of the API, once: the OpenAPI document is generated from this list
 * (./openapi.ts), handlers that take a body parse it with the schema named here (./api-route.ts),
 * and app/api/openapi.test.ts checks each route file's methods against it.
 */
import type { Capability } from "@/lib/auth/roles";
import {
  firstAdminSchema,
  loginSchema,
  newApiTokenSchema,
  newUserSchema,
  userChangeSchema,
} from "@/lib/auth/schemas";
import { importRequestSchema } from "@/lib/cluster/import/import-request";
import { definitionRenderRequestSchema, definitionSaveRequestSchema } from "@/lib/cluster/save-request";
import { drillRequestSchema } from "@/lib/drill/types";
import { acknowledgeSchema, channelInputSchema, silenceInputSchema } from "@/lib/notify/schemas";
import { rolloutPlanRequestSchema, rolloutStartRequestSchema } from "@/lib/rollout/types";
import { serverActionRequestSchema } from "@/lib/runtime-api/server-action";
import { acceptHostKeySchema } from "@/lib/status/host-key";
import { acmeOrderRequestSchema } from "@/lib/acme/order";
import { certificateInputSchema } from "@/lib/certificates/types";
import { operation } from "./operation";

const read = { kind: "session", capability: "read", tokens: true } as const;
const self = { kind: "session", capability: "self", tokens: true } as const;
/** Signed-in sessions only, never an API token: a token cannot mint a token that outlives it. */
const sessionOnly = { kind: "session", capability: "self", tokens: false } as const;
const session = (capability: Capability) => ({ kind: "session", capability, tokens: true }) as const;
const PUBLIC = { kind: "public" } as const;

export const operations = {
  listAlerts: operation({
    method: "GET",
    path: "/api/alerts",
    summary: "Active alerts (firing first, then pending) and the latest resolved ones",
    access: read,
  }),
  alertBanner: operation({
    method: "GET",
    path: "/api/alerts/banner",
    summary: "Firing split-brains, for the banner every page polls",
    access: read,
  }),
  acknowledgeAlert: operation({
    method: "POST",
    path: "/api/alerts/{id}/acknowledge",
    summary: "Acknowledges a fired alert with a note; audited",
    access: session("acknowledge-alert"),
    body: { schema: acknowledgeSchema, invalidStatus: 422 },
  }),
  listSilences: operation({
    method: "GET",
    path: "/api/alerts/silences",
    summary: "Active silences",
    access: read,
  }),
  createSilence: operation({
    method: "POST",
    path: "/api/alerts/silences",
    summary: "No notifications for matching alerts until the silence ends; audited",
    access: session("acknowledge-alert"),
    body: { schema: silenceInputSchema, invalidStatus: 422 },
  }),
  endSilence: operation({
    method: "DELETE",
    path: "/api/alerts/silences/{id}",
    summary: "Ends a silence now (kept as history); audited",
    access: session("acknowledge-alert"),
  }),
  audit: operation({
    method: "GET",
    path: "/api/audit",
    summary: "The audit log, newest first; or the whole log as a file",
    access: session("read-audit"),
    query: {
      format: "json (default), ndjson or csv (a download of the whole log)",
      limit: "entries per page, 1 to 500 (default 100)",
      before: "entries older than this id",
      action: "only this action",
    },
  }),
  login: operation({
    method: "POST",
    path: "/api/auth/login",
    summary: "Signs in: sets the session cookie (one answer for unknown user and wrong password)",
    access: PUBLIC,
    body: {
      schema: loginSchema,
      invalidStatus: 400,
      invalidIssues: [{ path: "(body)", message: "username and password are required" }],
    },
  }),
  logout: operation({
    method: "POST",
    path: "/api/auth/logout",
    summary: "Ends the caller's session",
    access: sessionOnly,
  }),
  me: operation({ method: "GET", path: "/api/auth/me", summary: "The signed-in user", access: self }),
  setup: operation({
    method: "POST",
    path: "/api/auth/setup",
    summary: "First run only: creates the first admin and signs them in (409 afterwards)",
    access: PUBLIC,
    body: { schema: firstAdminSchema, invalidStatus: 422 },
  }),
  listClusters: operation({
    method: "GET",
    path: "/api/clusters",
    summary: "Every cluster with its status",
    access: read,
  }),
  createCluster: operation({
    method: "POST",
    path: "/api/clusters",
    summary: "Creates a cluster from a definition (422 with field issues; nothing stored then)",
    access: session("edit-cluster"),
    body: { schema: definitionSaveRequestSchema, invalidStatus: 422 },
  }),
  deleteCluster: operation({
    method: "DELETE",
    path: "/api/clusters/{id}",
    summary: "Deletes a cluster and its history; audited",
    access: session("edit-cluster"),
  }),
  listCertificates: operation({
    method: "GET",
    path: "/api/clusters/{id}/certificates",
    summary:
      "The cluster's certificates (metadata, frontends using each, what each node serves; never the key) and recent jobs",
    access: read,
  }),
  addCertificate: operation({
    method: "POST",
    path: "/api/clusters/{id}/certificates",
    summary:
      "Stores a PEM bundle (key sealed; same name replaces) and puts it on both nodes without a reload; audited",
    access: session("manage-credentials"),
    body: { schema: certificateInputSchema, invalidStatus: 422 },
  }),
  removeCertificate: operation({
    method: "DELETE",
    path: "/api/clusters/{id}/certificates/{name}",
    summary:
      "Forgets a certificate (the nodes keep the file); refused while a frontend names its path; audited",
    access: session("manage-credentials"),
  }),
  distributeCertificate: operation({
    method: "POST",
    path: "/api/clusters/{id}/certificates/{name}/distribute",
    summary: "Puts the stored certificate on both nodes again (file, then runtime API; no reload)",
    access: session("manage-credentials"),
  }),
  getCertificateJob: operation({
    method: "GET",
    path: "/api/clusters/{id}/certificate-jobs/{jobId}",
    summary: "One certificate distribution job with its steps per node",
    access: read,
  }),
  listAcmeJobs: operation({
    method: "GET",
    path: "/api/clusters/{id}/acme-jobs",
    summary:
      "The definition's acme.certificates and the cluster's recent ACME jobs (steps, outcome; never keys or the chain), newest first",
    access: read,
  }),
  orderAcmeCertificate: operation({
    method: "POST",
    path: "/api/clusters/{id}/acme-jobs",
    summary:
      "Orders one of the definition's acme.certificates now (issue, or renew when issued before); 409 while a job for it runs; audited",
    access: session("manage-credentials"),
    body: { schema: acmeOrderRequestSchema, invalidStatus: 422 },
  }),
  getAcmeJob: operation({
    method: "GET",
    path: "/api/clusters/{id}/acme-jobs/{jobId}",
    summary: "One ACME job with its steps",
    access: read,
  }),
  getDefinition: operation({
    method: "GET",
    path: "/api/clusters/{id}/definition",
    summary: "The latest revision, secrets shown only as the kept marker",
    access: read,
  }),
  saveDefinition: operation({
    method: "PUT",
    path: "/api/clusters/{id}/definition",
    summary: "Saves the definition as the next revision (409 if someone saved in between)",
    access: session("edit-cluster"),
    body: { schema: definitionSaveRequestSchema, invalidStatus: 422 },
  }),
  listDrills: operation({
    method: "GET",
    path: "/api/clusters/{id}/drills",
    summary: "Drill history, newest first, with each drill's report",
    access: read,
  }),
  requestDrill: operation({
    method: "POST",
    path: "/api/clusters/{id}/drills",
    summary: "Pre-checks (409 with the reasons unless forced), then the agents run the drill",
    access: session("drill"),
    body: { schema: drillRequestSchema, invalidStatus: 400 },
  }),
  getDrill: operation({
    method: "GET",
    path: "/api/clusters/{id}/drills/{drillId}",
    summary: "One drill: steps, live timeline, report",
    access: read,
  }),
  abortDrill: operation({
    method: "POST",
    path: "/api/clusters/{id}/drills/{drillId}/abort",
    summary: "The agents undo the fault at once; audited",
    access: session("drill"),
  }),
  clusterLive: operation({
    method: "GET",
    path: "/api/clusters/{id}/live",
    summary: "The cluster's live state: each node's newest observation and the cluster status",
    access: read,
  }),
  clusterTraffic: operation({
    method: "GET",
    path: "/api/clusters/{id}/traffic",
    summary: "The traffic charts' points per node and frontend/backend, with VIP moves, rollouts and drills",
    access: read,
    query: { range: "15m, 1h, 24h or 7d (default 15m): 2 s points, then minute means" },
  }),
  segmentVrids: operation({
    method: "GET",
    path: "/api/vrids",
    summary: "VRIDs the nodes hear on their segment and the clusters use, and a free one to suggest",
    access: read,
    query: { cluster: "a cluster's id: only its nodes' segment, its own VRID suggested while it is free" },
  }),
  acceptHostKey: operation({
    method: "POST",
    path: "/api/clusters/{id}/nodes/{nodeId}/host-key",
    summary: "Pins the host key the node presents now",
    access: session("manage-credentials"),
    body: { schema: acceptHostKeySchema, invalidStatus: 422 },
  }),
  listRevisions: operation({
    method: "GET",
    path: "/api/clusters/{id}/revisions",
    summary: "The cluster's revisions, newest first",
    access: read,
  }),
  exportRevision: operation({
    method: "GET",
    path: "/api/clusters/{id}/revisions/{number}/export",
    summary: "The revision as a YAML file (hapair apply takes it back)",
    access: read,
    produces: "application/yaml",
  }),
  revisionDiff: operation({
    method: "GET",
    path: "/api/clusters/{id}/revisions/diff",
    summary: "A bounded unified diff of two revisions' YAML",
    access: read,
    query: { from: "revision number", to: "revision number" },
  }),
  listRollouts: operation({
    method: "GET",
    path: "/api/clusters/{id}/rollouts",
    summary: "Rollout history, newest first",
    access: read,
  }),
  planRollout: operation({
    method: "POST",
    path: "/api/clusters/{id}/rollouts",
    summary: "The agents read each node's files and answer the plan (diffs, drift); nothing changes yet",
    access: session("rollout"),
    body: { schema: rolloutPlanRequestSchema, invalidStatus: 400 },
  }),
  getRollout: operation({
    method: "GET",
    path: "/api/clusters/{id}/rollouts/{rolloutId}",
    summary: "One rollout with its plan and steps",
    access: read,
  }),
  startRollout: operation({
    method: "POST",
    path: "/api/clusters/{id}/rollouts/{rolloutId}/start",
    summary: "Starts a planned rollout (audited); refused while unhealthy unless forced with a reason",
    access: session("rollout"),
    body: { schema: rolloutStartRequestSchema, invalidStatus: 400 },
  }),
  listServerActions: operation({
    method: "GET",
    path: "/api/clusters/{id}/servers/actions",
    summary: "Recent runtime actions on the cluster's servers, newest first",
    access: read,
  }),
  requestServerAction: operation({
    method: "POST",
    path: "/api/clusters/{id}/servers/actions",
    summary: "Drain, maint or ready one server on both nodes (202 while the agents still run it)",
    access: session("runtime-action"),
    body: { schema: serverActionRequestSchema, invalidStatus: 400 },
    query: { waitMs: "how long to wait for the agents, at most 10000 (default 5000)" },
  }),
  health: operation({
    method: "GET",
    path: "/api/health",
    summary: "Liveness of the web server, database and agents (503 when any is down)",
    access: PUBLIC,
  }),
  importFiles: operation({
    method: "POST",
    path: "/api/import",
    summary: "Turns existing config files into a draft definition; stores nothing",
    access: session("edit-cluster"),
    body: { schema: importRequestSchema, invalidStatus: 422 },
  }),
  liveEvents: operation({
    method: "GET",
    path: "/api/live/events",
    summary: "Server-sent change events for live pages",
    access: read,
    produces: "text/event-stream",
  }),
  listChannels: operation({
    method: "GET",
    path: "/api/notification-channels",
    summary: "Notification channels, secrets shown as the kept marker",
    access: session("manage-notifications"),
  }),
  createChannel: operation({
    method: "POST",
    path: "/api/notification-channels",
    summary: "Adds a notification channel; audited",
    access: session("manage-notifications"),
    body: { schema: channelInputSchema, invalidStatus: 422 },
  }),
  saveChannel: operation({
    method: "PUT",
    path: "/api/notification-channels/{id}",
    summary: "The whole channel again; the kept marker in a secret field keeps the stored value",
    access: session("manage-notifications"),
    body: { schema: channelInputSchema, invalidStatus: 422 },
  }),
  deleteChannel: operation({
    method: "DELETE",
    path: "/api/notification-channels/{id}",
    summary: "Removes a channel; audited",
    access: session("manage-notifications"),
  }),
  testChannel: operation({
    method: "POST",
    path: "/api/notification-channels/{id}/test",
    summary: "Sends one test message now (502 when the channel refused it)",
    access: session("manage-notifications"),
  }),
  listDeliveries: operation({
    method: "GET",
    path: "/api/notification-channels/deliveries",
    summary: "The newest delivery attempts",
    access: session("manage-notifications"),
    query: { channel: "only this channel's id" },
  }),
  openapi: operation({
    method: "GET",
    path: "/api/openapi.json",
    summary: "This document",
    access: read,
  }),
  render: operation({
    method: "POST",
    path: "/api/render",
    summary: "Validates a definition and returns the files it renders; stores nothing",
    access: session("edit-cluster"),
    body: { schema: definitionRenderRequestSchema, invalidStatus: 422 },
  }),
  listUsers: operation({
    method: "GET",
    path: "/api/users",
    summary: "Users",
    access: session("manage-users"),
  }),
  createUser: operation({
    method: "POST",
    path: "/api/users",
    summary: "Adds a user; audited",
    access: session("manage-users"),
    body: { schema: newUserSchema, invalidStatus: 422 },
  }),
  changeUser: operation({
    method: "PATCH",
    path: "/api/users/{id}",
    summary: "Changes role, disabled or password (a new password or disabling ends the user's sessions)",
    access: session("manage-users"),
    body: { schema: userChangeSchema, invalidStatus: 422 },
  }),
  deleteUser: operation({
    method: "DELETE",
    path: "/api/users/{id}",
    summary: "Removes a user; audited",
    access: session("manage-users"),
  }),
  listTokens: operation({
    method: "GET",
    path: "/api/tokens",
    summary: "The caller's API tokens (an admin's list has service accounts' too), with last use",
    access: sessionOnly,
  }),
  createToken: operation({
    method: "POST",
    path: "/api/tokens",
    summary: "Creates an API token (role at most the creator's, an expiry); its text is answered this once",
    access: sessionOnly,
    body: { schema: newApiTokenSchema, invalidStatus: 422 },
  }),
  revokeToken: operation({
    method: "DELETE",
    path: "/api/tokens/{id}",
    summary: "Revokes an API token (the caller's own, or for an admin anyone's); it stays listed as revoked",
    access: sessionOnly,
  }),
  metrics: operation({
    method: "GET",
    path: "/api/metrics",
    summary:
      "Prometheus metrics: VIP holders, VRRP, reachability, backends, alerts, rollouts, drills, deliveries",
    access: read,
    produces: "text/plain; version=0.0.4",
  }),
};

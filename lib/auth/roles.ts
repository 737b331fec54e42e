/** Roles and what each may do. One table, checked on the server for every page, route and action. */

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Capabilities, each granted from a minimum role upward. */
const MINIMUM_ROLE = {
  read: "viewer",
  "runtime-action": "operator", // drain / maint / ready a server
  rollout: "operator",
  drill: "operator", // run a failover drill (process, node, partition) and abort it
  "acknowledge-alert": "operator",
  "edit-cluster": "admin",
  "manage-credentials": "admin",
  "manage-users": "admin",
  "manage-notifications": "admin",
  "read-audit": "admin",
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof MINIMUM_ROLE;

export function can(role: Role, capability: Capability): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(MINIMUM_ROLE[capability]);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

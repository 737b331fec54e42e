/** The one query-key factory for the audit log. */
export const auditKeys = {
  all: ["audit"] as const,
  list: (action: string) => [...auditKeys.all, "list", action] as const,
};

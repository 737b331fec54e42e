/** The one query-key factory for hapair's own health (GET /api/health). */
export const healthKeys = {
  all: ["health"] as const,
  status: () => [...healthKeys.all, "status"] as const,
};

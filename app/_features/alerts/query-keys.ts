/** The one query-key factory for alerts, the banner and silences. */
export const alertKeys = {
  all: ["alerts"] as const,
  list: () => [...alertKeys.all, "list"] as const,
  banner: () => [...alertKeys.all, "banner"] as const,
  silences: () => [...alertKeys.all, "silences"] as const,
};

/** The one query-key factory for notification channels and their delivery log. */
export const notificationKeys = {
  all: ["notifications"] as const,
  channels: () => [...notificationKeys.all, "channels"] as const,
  deliveries: () => [...notificationKeys.all, "deliveries"] as const,
};

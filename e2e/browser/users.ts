/** Who the browser tests sign in as (test database only), and where their sessions are kept. */
export const E2E_USERS = {
  admin: { username: "e2e-admin", password: "e2e-admin-password", role: "admin" },
  viewer: { username: "e2e-viewer", password: "e2e-viewer-password", role: "viewer" },
} as const;

export const STORAGE_STATE = {
  admin: "test-results/.auth/admin.json",
  viewer: "test-results/.auth/viewer.json",
} as const;

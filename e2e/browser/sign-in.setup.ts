/** Signs in through the real sign-in page as each test user and keeps the session for the other specs. */
import { test as setup } from "@playwright/test";
import { expect } from "./support";
import { E2E_USERS, STORAGE_STATE } from "./users";

for (const who of ["admin", "viewer"] as const) {
  setup(`sign in as ${who}`, async ({ page }) => {
    const user = E2E_USERS[who];
    await page.goto("/");
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveText(`${user.username} · ${user.role}`);
    await expect(page.getByTestId("cluster-row").filter({ hasText: "lab" }).first()).toBeVisible();
    await page.context().storageState({ path: STORAGE_STATE[who] });
  });
}

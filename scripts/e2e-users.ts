/**
 * Browser tests: the users they sign in as, with known test-only passwords, on the test database only
 * (E2E_DATABASE_URL). Idempotent: an existing user gets its role and password reset.
 */
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { E2E_USERS } from "@/e2e/browser/users";
import { errorMessage } from "@/lib/error-message";

async function main(): Promise<void> {
  await migrateDatabase();
  for (const { username, password, role } of Object.values(E2E_USERS)) {
    const passwordHash = await hashPassword(password);
    await db.user.upsert({
      where: { username },
      create: { username, role, passwordHash },
      update: { role, passwordHash, disabled: false },
    });
  }
  await db.$disconnect();
  console.log(`[e2e-users] ${Object.keys(E2E_USERS).join(", ")} ready`);
}

main().catch((error: unknown) => {
  console.error(`[e2e-users] ${errorMessage(error)}`);
  process.exit(1);
});

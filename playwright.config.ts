import { defineConfig } from "@playwright/test";
import { STORAGE_STATE } from "./e2e/browser/users";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// Goes into the web server's command line below, so only a lab pair name is let through.
const testPair = process.env.HAPAIR_TEST_PAIR ?? "lab";
if (!/^lab(-\d+)?$/.test(testPair))
  throw new Error(`HAPAIR_TEST_PAIR must name a lab pair (lab, lab-2, …), not ${JSON.stringify(testPair)}`);

// Browser tests run the production build against the live lab, with a database of their own.
export default defineConfig({
  testDir: "e2e/browser",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Sign-in runs first, through the real page; every other spec starts signed in as admin unless it
  // asks for another user's storage state.
  projects: [
    { name: "sign-in", testMatch: /.*\.setup\.ts/ },
    { name: "browser", dependencies: ["sign-in"], use: { storageState: STORAGE_STATE.admin } },
  ],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // Registers the lab pair under test and the test users in the test database, then serves the built
    // app and the agents. Only that pair: the lab may hold more (npm test brings up two).
    command: `npx tsx scripts/register-lab.ts ${testPair} && npx tsx scripts/e2e-users.ts && npx tsx scripts/start.ts`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 300_000,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db",
      // The lab's key sits in its state folder (e2e/lab/state.ts); key files are read only from HAPAIR_KEY_DIR.
      HAPAIR_KEY_DIR: process.env.HAPAIR_KEY_DIR ?? process.env.HAPAIR_LAB_STATE_DIR ?? "/run/hapair-lab",
    },
  },
});

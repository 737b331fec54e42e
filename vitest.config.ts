import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const resolve = { alias: { "@": root } };

const unitFiles = [
  "lib/**/*.test.ts",
  "agents/**/*.test.ts",
  "app/**/*.test.ts",
  "scripts/**/*.test.ts",
  "e2e/lab/**/*.test.ts",
];
// Key files of the fixtures (lib/cluster/__fixtures__/definitions.ts) are checked at save.
const unitEnv = { HAPAIR_KEY_DIR: `${root}lib/cluster/__fixtures__/keys` };

// Three projects: fast pure tests, the tests that use a database again on PostgreSQL (given by path:
// scripts/test-postgres.sh, with the throw-away server running), and tests that drive the real lab
// (namespaces, sshd, HAProxy, Keepalived). Lab tests share one lab, so they run one file at a time.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on the 2-core CI machine, where the unit
    // tests spend much of their time waiting on child processes and sockets (two workers: 243 s against 307).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          env: unitEnv,
          include: unitFiles,
          environment: "node",
          // Set-up (a migrated temp database, a loopback server) may take seconds on a loaded 2-core machine.
          hookTimeout: 60_000,
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: "postgres",
          env: { ...unitEnv, HAPAIR_TEST_DATABASE: "postgres" },
          include: unitFiles,
          globalSetup: ["lib/db/__testing__/postgres-global-setup.ts"],
          environment: "node",
          hookTimeout: 60_000,
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: "lab",
          // The lab's key (e2e/lab/state.ts KEY_PATH) sits in its state folder.
          env: {
            HAPAIR_KEY_DIR:
              process.env.HAPAIR_KEY_DIR ?? process.env.HAPAIR_LAB_STATE_DIR ?? "/run/hapair-lab",
          },
          include: ["e2e/integration/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

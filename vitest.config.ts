import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const resolve = { alias: { "@": root } };

// Two projects: fast pure tests, and tests that drive the real lab (namespaces, sshd, HAProxy,
// Keepalived). Lab tests share one lab, so they run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          // Key files of the fixtures (lib/cluster/__fixtures__/definitions.ts) are checked at save.
          env: { HAPAIR_KEY_DIR: `${root}lib/cluster/__fixtures__/keys` },
          include: [
            "lib/**/*.test.ts",
            "agents/**/*.test.ts",
            "app/**/*.test.ts",
            "scripts/**/*.test.ts",
            "e2e/lab/**/*.test.ts",
          ],
          environment: "node",
          // Set-up (a migrated temp database, a loopback server) may take seconds on a loaded 2-core machine.
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

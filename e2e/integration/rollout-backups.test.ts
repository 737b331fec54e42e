/**
 * Numbered backups are pruned after each successful rollout: with `rollout.keepBackups: 2`, after
 * 2 + 2 rollouts that each change haproxy.cfg, each node keeps exactly the backups of the last two
 * rollouts (read inside the node). Before, every rollout left one more `haproxy.cfg.hapair-<id>`.
 * The pair's files are written back (and hapair's backups removed) at the end.
 */
import { describe, expect, it } from "vitest";
import { labExec, testPair } from "@/e2e/lab/control";
import { backupPath } from "@/lib/rollout/files";
import { describeRollout, useRolloutLab } from "./rollout-support";

const KEEP = 2;
const ROLLOUTS = KEEP + 2;
const lab = useRolloutLab("backups");

/** haproxy.cfg's numbered backups on the node, as the node lists them. */
function backups(node: string, config: string): string[] {
  const slash = config.lastIndexOf("/");
  const listed = labExec(node, ["ls", "-1", "--", config.slice(0, slash)]).stdout.split("\n");
  return listed
    .map((name) => `${config.slice(0, slash + 1)}${name}`)
    .filter((path) => /\.hapair-[0-9]+$/.test(path) && path.startsWith(`${config}.`))
    .sort();
}

describe("numbered backups on the lab pair", () => {
  it(`keeps the last ${KEEP} after ${ROLLOUTS} rollouts`, async () => {
    const ids: number[] = [];
    let config = "";
    for (let i = 0; i < ROLLOUTS; i++) {
      // Two servers, then three, then two…: haproxy.cfg changes every time, so each rollout backs it up.
      const revision = await lab().saveRevision(
        (d) => {
          config = d.paths.haproxyConfig;
          return {
            ...d,
            rollout: { keepBackups: KEEP },
            haproxy: {
              ...d.haproxy,
              backends: d.haproxy.backends.map((b) => ({
                ...b,
                servers: b.servers.slice(0, 3 - ((i + 1) % 2)),
              })),
            },
          };
        },
        `backups ${i + 1}`,
      );
      const rollout = await lab().rollOut(revision, "graceful");
      if (rollout.status !== "succeeded") console.log(describeRollout(rollout));
      expect(rollout.status).toBe("succeeded");
      ids.push(rollout.id);
      const kept = testPair().nodes.map((n) => backups(n.name, config).length);
      console.log(
        `[rollout-backups] after rollout ${i + 1} (#${rollout.id}): haproxy.cfg backups per node ${kept.join(", ")}`,
      );
    }
    const expected = ids
      .slice(-KEEP)
      .map((id) => backupPath(config, id))
      .sort();
    for (const node of testPair().nodes) expect(backups(node.name, config)).toEqual(expected);
  }, 600_000);
});

/**
 * One cluster's bad key is that cluster's state (lab): beside the test pair, clusters whose key file
 * is missing or outside the key folder show their nodes unreachable with the reason, while the real
 * pair keeps updating, before and after the poller restarts (it used to stop polling every cluster).
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requireInventory, testPair } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";
import { keyDirectory } from "@/lib/ssh/key-file";
import { usePollerLab } from "./poller-lab";

const pair = testPair();
const lab = await usePollerLab(`test-bad-key-${pair.name}`);
const { liveNodes } = lab;
const real = labPairDefinition(requireInventory(), pair);

/** The real pair under another name and VRID, reached with `identityFile`. */
const withKeyFile = (name: string, vrid: number, identityFile: string): ClusterDefinition =>
  clusterDefinitionSchema.parse({
    ...real,
    name,
    vrrp: { ...real.vrrp, virtualRouterId: vrid },
    nodes: real.nodes.map((n) => ({ ...n, ssh: { ...n.ssh, identityFile } })),
  });

const newestAt = async (cluster: string) =>
  (await liveNodes(cluster)).map((n) => Date.parse(n.observation?.at ?? "0"));

async function expectIsolation(): Promise<void> {
  const reasons: Record<string, RegExp> = {
    "missing-key": /does not exist/,
    "outside-key": /outside the key folder/,
  };
  for (const [cluster, reason] of Object.entries(reasons)) {
    await expect
      .poll(
        async () =>
          (await liveNodes(cluster))
            .map((n) => `${n.observation?.reachable}:${n.observation?.error ?? ""}`)
            .join(" | "),
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(new RegExp(`^false:.*${reason.source}.* \\| false:.*${reason.source}`));
  }
  await expect
    .poll(async () => (await liveNodes(pair.name)).every((n) => n.observation?.reachable === true), {
      timeout: 30_000,
      interval: 500,
    })
    .toBe(true);
  const before = await newestAt(pair.name);
  await expect
    .poll(async () => (await newestAt(pair.name)).every((at, i) => at > (before[i] ?? 0)), {
      timeout: 15_000,
      interval: 500,
    })
    .toBe(true);
}

beforeAll(async () => {
  await lab.save([
    real,
    withKeyFile("missing-key", 201, join(keyDirectory(), "no-such-key")),
    withKeyFile("outside-key", 202, "/etc/hostname"),
  ]);
});

describe("a bad key file stays its cluster's problem (lab)", () => {
  it("shows the bad clusters' reasons while the real pair keeps updating, also after a restart", async () => {
    lab.start();
    await expectIsolation();
    await lab.restart();
    await expectIsolation();
  });
});

/**
 * `hapair drill CLUSTER --mode partition|node --wait --json` against the lab pair, with the agents'
 * drill worker running beside the CLI: the printed report passes and the exit code is 0; a drill that
 * fails (the definition claims a faster failover than the nodes run) prints outcome failed and exits 1.
 */
import { describe, expect, it } from "vitest";
import { NODE_DEATH_COMMAND } from "@/e2e/lab/state";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import {
  claimsFasterFailover,
  drillCli,
  expectPairBack,
  slowerHaproxyCheck,
  useDrillLab,
} from "./drill-support";

const withNodeDeath = (d: ClusterDefinition): ClusterDefinition => ({
  ...d,
  drills: {
    deadManSeconds: 60,
    nodeDeath: { enabled: true, command: [NODE_DEATH_COMMAND, "15"], returnWithinSeconds: 90 },
  },
});

const lab = useDrillLab("drills-cli", { change: withNodeDeath });
const cli = (args: string[]) => drillCli(lab(), args, 240);

describe("hapair drill (CLI), node and partition", () => {
  it("--mode partition --wait --json: passed, exit 0", async () => {
    const { code, report } = await cli(["--mode", "partition"]);
    expect(report).toMatchObject({ mode: "partition", outcome: "passed" });
    expect(report.measuredFailoverMs).toEqual(expect.any(Number));
    expect(code).toBe(0);
    await expectPairBack();
  });

  it("--mode node --confirm-node-death --wait --json: passed, exit 0", async () => {
    const { code, report } = await cli(["--mode", "node", "--confirm-node-death"]);
    expect(report).toMatchObject({ mode: "node", outcome: "passed" });
    expect(code).toBe(0);
    await expectPairBack();
  });

  it("a drill that fails prints outcome failed and exits 1", async () => {
    await lab().saveRevision(claimsFasterFailover);
    const { code, report } = await slowerHaproxyCheck(() => cli(["--mode", "process"]));
    expect(report).toMatchObject({ mode: "process", outcome: "failed" });
    expect(code).toBe(1);
    await expectPairBack();
  });
});

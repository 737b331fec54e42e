import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { SshPool, SshTarget } from "@/lib/ssh";
import { arpingArgv } from "@/lib/probes/parse/arp";
import { checkArpTruth } from "./check";
import { isDue } from "./service";

const definition = {
  ...clusterDefinitionSchema.parse(articlePair),
  arpCheck: {
    staleAfterSeconds: 20,
    everySeconds: 30,
    witness: {
      host: "10.0.0.1",
      port: 22,
      user: "root",
      identityFile: "/keys/witness",
      hostKeyFingerprint: `SHA256:${"A".repeat(43)}`,
    },
  },
};
const VIP = definition.vips[0]?.address ?? "";
const target = (id: string): SshTarget => ({ id, host: id, port: 22, username: "root", pinnedHostKey: null });

/** Answers by host and command; the witness's host key is whatever the definition pinned. */
function fakePool(
  answers: Record<string, string | Error>,
  seen: { host: string; argv: string[]; pin: string | null }[],
) {
  return {
    exec: (t: SshTarget, argv: string[]) => {
      seen.push({ host: t.host, argv, pin: t.pinnedHostKey });
      const answer = answers[`${t.host} ${argv[0]}`] ?? new Error(`unexpected ${argv.join(" ")}`);
      return answer instanceof Error
        ? Promise.reject(answer)
        : Promise.resolve({ stdout: answer, stderr: "", exitCode: 0 });
    },
  } as unknown as SshPool;
}

describe("one ARP truth check", () => {
  it("reads both MACs, the peer's arping and the witness's entry; a failing part is that part's error", async () => {
    const seen: { host: string; argv: string[]; pin: string | null }[] = [];
    const pool = fakePool(
      {
        "lb-01 cat": "02:00:00:00:00:01\n",
        "lb-02 cat": "02:00:00:00:00:02\n",
        "lb-01 arping": `Unicast reply from ${VIP} [02:00:00:00:00:02]  0.6ms\n`,
        "10.0.0.1 ip": new Error("host key mismatch"),
      },
      seen,
    );
    const truth = await checkArpTruth(pool, {
      clusterId: "c1",
      definition,
      targets: { "lb-01": target("lb-01"), "lb-02": target("lb-02") },
      holders: { [VIP]: { holder: "lb-02", movedAt: 1_000 } },
      signal: new AbortController().signal,
      now: () => new Date(5_000),
    });
    expect(truth).toEqual({
      at: new Date(5_000).toISOString(),
      macs: { "lb-01": "02:00:00:00:00:01", "lb-02": "02:00:00:00:00:02" },
      staleAfterMs: 20_000,
      vips: [
        {
          vip: VIP,
          holder: "lb-02",
          movedAt: 1_000,
          peer: { node: "lb-01", macs: ["02:00:00:00:00:02"] },
          witness: { host: "10.0.0.1", error: "host key mismatch" },
        },
      ],
    });
    expect(seen.find((s) => s.argv[0] === "arping")?.argv).toEqual(arpingArgv("eth0", VIP));
    expect(seen.find((s) => s.host === "10.0.0.1")).toMatchObject({
      argv: ["ip", "neigh", "show", VIP],
      pin: `SHA256:${"A".repeat(43)}`,
    });
  });

  it("asks no peer when nobody (or both) holds the VIP, and says why a node cannot be reached", async () => {
    const truth = await checkArpTruth(fakePool({ "10.0.0.1 ip": "" }, []), {
      clusterId: "c1",
      definition,
      targets: {
        "lb-01": "no SSH key configured for this node",
        "lb-02": "no SSH key configured for this node",
      },
      holders: { [VIP]: { holder: null, movedAt: null } },
      signal: new AbortController().signal,
    });
    expect(truth.macs).toEqual({ "lb-01": null, "lb-02": null });
    expect(truth.vips[0]).toMatchObject({ peer: null, witness: { host: "10.0.0.1", entry: null } });
  });
});

describe("when a check is due", () => {
  const cluster = (lastAt: number | null, holder: string | null, lastHolder: string | null) => ({
    clusterId: "c1",
    definition,
    nodeIds: {},
    pins: {},
    holders: { [VIP]: { holder, movedAt: null } },
    lastAt,
    lastHolders: { [VIP]: lastHolder },
  });

  it("is at once for a first check and after a VIP move, else every everySeconds", () => {
    expect(isDue(cluster(null, "lb-01", null), 0)).toBe(true);
    expect(isDue(cluster(1_000, "lb-02", "lb-01"), 2_000)).toBe(true);
    expect(isDue(cluster(1_000, "lb-01", "lb-01"), 30_999)).toBe(false);
    expect(isDue(cluster(1_000, "lb-01", "lb-01"), 31_000)).toBe(true);
    expect(isDue(cluster(1_000, null, "lb-01"), 2_000)).toBe(false);
  });
});

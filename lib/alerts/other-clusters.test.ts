import { describe, expect, it } from "vitest";
import { otherClustersByVrid } from "./other-clusters";

const listed = (clusterId: string, virtualRouterId: number, segments = ["10.0.0.0/24@eth0"]) => ({
  clusterId,
  subject: { name: `name-${clusterId}`, virtualRouterId, segments },
});

describe("otherClustersByVrid", () => {
  const all = [listed("a", 51), listed("b", 52), listed("c", 51, ["10.9.0.0/24@eth1"]), listed("d", 51)];
  const others = otherClustersByVrid(all);

  it("gives a cluster the other clusters on its VRID, in the listed order, never itself", () => {
    expect(others(listed("a", 51))).toEqual([
      { name: "name-c", virtualRouterId: 51, segments: ["10.9.0.0/24@eth1"] },
      { name: "name-d", virtualRouterId: 51, segments: ["10.0.0.0/24@eth0"] },
    ]);
    expect(others(listed("b", 52))).toEqual([]);
  });

  it("answers for a cluster not in the list too (all on its VRID)", () => {
    expect(others(listed("z", 52)).map((o) => o.name)).toEqual(["name-b"]);
    expect(others(listed("y", 99))).toEqual([]);
  });
});

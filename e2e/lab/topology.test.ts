import { describe, expect, it } from "vitest";
import { labTopology } from "./topology";

describe("labTopology", () => {
  it("makes pair 1 the article's setup", () => {
    const { pairs, backends, client, gateway } = labTopology(1);
    expect(pairs[0]).toMatchObject({
      name: "lab",
      vip: "10.0.0.100",
      vrid: 51,
      gateway: "10.0.0.1",
      vipInterface: "eth0",
    });
    expect(pairs[0]?.nodes.map((n) => [n.name, n.address, n.role, n.priority, n.routerId])).toEqual([
      ["lb-01", "10.0.0.11", "MASTER", 110, "LB_01"],
      ["lb-02", "10.0.0.12", "BACKUP", 100, "LB_02"],
    ]);
    expect(backends.map((b) => b.address)).toEqual(["10.0.1.11", "10.0.1.12", "10.0.1.13"]);
    expect(client.address).toBe("10.0.0.50");
    expect(gateway.addresses).toEqual(["10.0.0.1/24", "10.0.1.1/24"]);
  });

  it("gives further pairs their own subnet, VRID and node names, all unique", () => {
    const topology = labTopology(10);
    expect(topology.pairs[1]).toMatchObject({
      name: "lab-2",
      subnet: "10.0.4.0/24",
      vip: "10.0.4.100",
      vrid: 52,
    });
    expect(topology.pairs[9]?.nodes.map((n) => n.name)).toEqual(["lb-19", "lb-20"]);
    const namespaces = topology.hosts.map((h) => h.namespace);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    expect(namespaces.every((ns) => ns.startsWith("hpl-") && ns.length <= 15)).toBe(true);
    const addresses = topology.hosts.map((h) => h.address);
    expect(new Set(addresses).size).toBe(addresses.length);
  });

  it("refuses impossible pair counts", () => {
    expect(() => labTopology(0)).toThrow(/--pairs/);
    expect(() => labTopology(32)).toThrow(/--pairs/);
  });
});

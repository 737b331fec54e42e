import { describe, expect, it } from "vitest";
import { parseClusterDefinition, type ClusterDefinitionInput } from "./definition";

const valid: ClusterDefinitionInput = {
  name: "lab",
  vips: [{ address: "10.0.0.100", prefix: 24, interface: "eth0" }],
  vrrp: { virtualRouterId: 51 },
  nodes: [
    { name: "lb-01", ssh: { host: "10.0.0.11", identityFile: "/run/hapair-lab/id_ed25519" }, role: "MASTER", priority: 110, routerId: "LB_01" },
    { name: "lb-02", ssh: { host: "10.0.0.12", identityFile: "/run/hapair-lab/id_ed25519" }, role: "BACKUP", priority: 100, routerId: "LB_02" },
  ],
};

describe("parseClusterDefinition", () => {
  it("accepts the article's pair and fills defaults", () => {
    const result = parseClusterDefinition(valid);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.definition.nodes[0].ssh).toMatchObject({ port: 22, user: "root", useSudo: false });
      expect(result.definition.paths.adminSocket).toBe("/run/haproxy/admin.sock");
    }
  });

  it.each([
    ["name", { ...valid, name: "lab\nglobal" }, "name"],
    ["vrid", { ...valid, vrrp: { virtualRouterId: 256 } }, "vrrp.virtualRouterId"],
    ["vip", { ...valid, vips: [{ address: "10.0.0.300", prefix: 24, interface: "eth0" }] }, "vips.0.address"],
    ["ssh host injection", { ...valid, nodes: [{ ...valid.nodes[0], ssh: { host: "x;reboot", identityFile: "/k" } }, valid.nodes[1]] }, "nodes.0.ssh.host"],
    ["same priority", { ...valid, nodes: [valid.nodes[0], { ...valid.nodes[1], priority: 110 }] }, "nodes.1.priority"],
    ["master lower", { ...valid, nodes: [{ ...valid.nodes[0], priority: 90 }, valid.nodes[1]] }, "nodes.0.priority"],
    ["two masters", { ...valid, nodes: [valid.nodes[0], { ...valid.nodes[1], role: "MASTER" }] }, "nodes.1.role"],
  ] as const)("rejects %s with the field path", (_label, input, path) => {
    const result = parseClusterDefinition(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
  });
});

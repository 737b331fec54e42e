/**
 * Issue 20 classes 10 and 12: what differs per node stays per node (no "first node's value kept"),
 * and the operator's own notify script runs beside hapair's state hook.
 */
import { describe, expect, it } from "vitest";
import { renderCluster } from "../render";
import { validateDefinition } from "../validate";
import { importPair } from "./import-pair";
import { fidelityCases } from "./__fixtures__/fidelity-cases";

function imported(labelStart: string) {
  const c = fidelityCases.find((x) => x.label.startsWith(labelStart));
  if (!c?.keepalived) throw new Error(`case ${labelStart} missing`);
  const result = importPair({
    name: "pn",
    haproxyCfg: "global\n    daemon\n\ndefaults\n    mode http\n\nfrontend f\n    bind :80\n",
    keepalived: [
      { node: "lb-01", text: c.keepalived[0] },
      { node: "lb-02", text: c.keepalived[1] },
    ],
  });
  const valid = validateDefinition(result.definition);
  if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
  return { ...result, valid, rendered: renderCluster(valid.definition) };
}

describe("per-node values of shared settings", () => {
  it("keeps the second node's NIC names, VIP devs and own lines as its overrides, without a drift warning", () => {
    const { definition, warnings, rendered } = imported("10 ");
    expect(definition.nodes[1].overrides).toEqual({
      interface: "ens192",
      vipInterfaces: ["ens192", "ens192"],
      extra: ["garp_master_delay 5"],
      globalExtra: ["vrrp_garp_master_repeat 3"],
    });
    expect(definition.nodes[0].overrides).toBeUndefined();
    expect(warnings.filter((w) => /drift/.test(w.message))).toEqual([]);
    const a = rendered.keepalived["lb-01"] ?? "";
    const b = rendered.keepalived["lb-02"] ?? "";
    expect(a).toMatch(/^\s+interface eth0$/m);
    expect(a).not.toMatch(/ens192|garp_master_delay|vrrp_garp_master_repeat/);
    expect(b).toMatch(/^\s+interface ens192$/m);
    expect(b).toMatch(/^\s+10\.0\.0\.101\/24 dev ens192$/m);
    expect(b).not.toMatch(/dev eth0/);
  });

  it("still reports settings that must be equal on both nodes (another VRID) as drift", () => {
    const c = fidelityCases.find((x) => x.label.startsWith("10 "));
    if (!c?.keepalived) throw new Error("case missing");
    const result = importPair({
      name: "pn",
      haproxyCfg: "global\n    daemon\n",
      keepalived: [
        { node: "lb-01", text: c.keepalived[0] },
        { node: "lb-02", text: c.keepalived[1].replace("virtual_router_id 61", "virtual_router_id 62") },
      ],
    });
    expect(result.warnings.map((w) => w.path)).toContain("vrrp.virtualRouterId");
  });
});

describe("the operator's own notify script", () => {
  it("is rendered as written, and hapair's hook hears the states through the free notify_<state> lines", () => {
    const { definition, rendered, valid } = imported("12 ");
    expect(definition.nodes.map((n) => n.notify)).toEqual([
      "/usr/bin/logger -t eip-move 'elastic ip'",
      "/usr/bin/logger",
    ]);
    const a = rendered.keepalived["lb-01"] ?? "";
    expect(a).toContain(`notify "/usr/bin/logger -t eip-move 'elastic ip'"`);
    expect(a).toContain(`notify_master "/etc/keepalived/hapair-notify.sh INSTANCE VI_1 MASTER 110"`);
    expect(a).toContain(`notify_stop "/etc/keepalived/hapair-notify.sh INSTANCE VI_1 STOP 110"`);
    expect(a).not.toMatch(/notify "\/etc\/keepalived\/hapair-notify\.sh"/);
    // lb-02 wrote its own notify_master: kept, and the hook's absence there is a named warning.
    const b = rendered.keepalived["lb-02"] ?? "";
    expect(b).toContain(`notify_master "/usr/bin/true master"`);
    expect(b).not.toMatch(/notify_master "\/etc\/keepalived\/hapair-notify/);
    expect(b).toContain(`notify_backup "/etc/keepalived/hapair-notify.sh INSTANCE VI_1 BACKUP 100"`);
    expect(valid.ok && valid.warnings.filter((w) => w.path === "nodes.1.notify")).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^lb-02 .*does not hear MASTER/) }),
    ]);
  });

  it("re-imports a file hapair rendered without taking its hook for the operator's script", () => {
    const first = imported("12 ");
    const again = importPair({
      name: "pn",
      haproxyCfg: first.rendered.haproxyCfg,
      keepalived: [
        { node: "lb-01", text: first.rendered.keepalived["lb-01"] ?? "" },
        { node: "lb-02", text: first.rendered.keepalived["lb-02"] ?? "" },
      ],
    });
    expect(again.definition.nodes.map((n) => n.notify)).toEqual(first.definition.nodes.map((n) => n.notify));
    expect(again.definition.vrrp?.extra ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/hapair-notify/)]),
    );
    const plain = importPair({
      name: "pn",
      haproxyCfg: first.rendered.haproxyCfg,
      keepalived: [
        { node: "lb-01", text: 'vrrp_instance VI_1 {\n    notify "/etc/keepalived/hapair-notify.sh"\n}\n' },
        { node: "lb-02", text: 'vrrp_instance VI_1 {\n    notify "/etc/keepalived/hapair-notify.sh"\n}\n' },
      ],
    });
    expect(plain.definition.nodes.map((n) => n.notify)).toEqual([undefined, undefined]);
  });
});

import { describe, expect, it } from "vitest";
import { keepalivedReloadRisk, vrrpInstances } from "./keepalived-reload";

const CONF = `global_defs {
    router_id LB_01   # keep
}
vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"
    interval 2
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 110
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass secret
    }
    virtual_ipaddress {
        10.0.0.100/24 dev eth0
    }
    track_script {
        chk_haproxy
    }
}
`;

const edit = (...pairs: [string, string][]) => pairs.reduce((text, [a, b]) => text.replace(a, b), CONF);

describe("keepalived reload risk", () => {
  it("reads each vrrp_instance's name, VRID and interface, not those of nested blocks or comments", () => {
    expect(vrrpInstances(CONF + "# vrrp_instance VI_X {\n")).toEqual([
      { name: "VI_1", vrid: "51", interface: "eth0", family: "ipv4" },
    ]);
  });

  it("keeps state for what keepalived 2.2.7 carried over in the lab", () => {
    for (const changed of [
      edit(["priority 110", "priority 120"]),
      edit(["advert_int 1", "advert_int 2"]),
      edit(["10.0.0.100/24 dev eth0", "10.0.0.100/24 dev eth0\n        10.0.0.101/24 dev eth0"]),
      edit(["        chk_haproxy\n", ""]),
      edit(["auth_pass secret", "auth_pass other"]),
      edit(["state MASTER", "state BACKUP"]),
      edit(["advert_int 1", "advert_int 1\n    nopreempt"]),
      edit(["vrrp_instance VI_1", "vrrp_instance VI_2"]),
      CONF,
    ])
      expect(keepalivedReloadRisk(CONF, changed)).toEqual({ restartsInstances: false, reasons: [] });
  });

  it("warns when the VRID or the interface changes: a new instance, in BACKUP for the master-down time", () => {
    expect(keepalivedReloadRisk(CONF, edit(["virtual_router_id 51", "virtual_router_id 52"]))).toEqual({
      restartsInstances: true,
      reasons: [
        "VI_1: virtual_router_id 51 → 52; keepalived restarts it on reload as a new instance, in BACKUP until the master-down time passes",
      ],
    });
    expect(keepalivedReloadRisk(CONF, edit(["interface eth0", "interface eth1"])).reasons[0]).toMatch(
      /^VI_1: interface eth0 → eth1;/,
    );
    expect(
      keepalivedReloadRisk(CONF, edit(["advert_int 1", "advert_int 1\n    native_ipv6"])).reasons[0],
    ).toMatch(/address family/);
  });

  it("warns about an instance added or removed, and not for a first install", () => {
    const second = `${CONF}vrrp_instance VI_2 {\n    interface eth1\n    virtual_router_id 61\n}\n`;
    expect(keepalivedReloadRisk(CONF, second).reasons).toEqual([
      "VI_2 (VRID 61 on eth1) is new: it starts in BACKUP and waits out the master-down time",
    ]);
    expect(keepalivedReloadRisk(second, CONF).reasons).toEqual([
      "VI_2 (VRID 61 on eth1) is removed: its VIPs go with the reload",
    ]);
    expect(keepalivedReloadRisk(null, CONF).restartsInstances).toBe(false);
  });
});

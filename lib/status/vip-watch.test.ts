import { describe, expect, it } from "vitest";
import { parseIpMonitorLine } from "@/lib/probes/parse/ip-monitor";
import type { NodeObservation } from "./observation";
import { applyAddressChange, withWatchedVips } from "./vip-watch";

const base: NodeObservation = {
  node: "lb-02",
  at: "2026-11-24T12:00:00.000Z",
  reachable: true,
  error: null,
  hostKey: "pinned",
  vipsHeld: [],
  keepalived: { running: true, state: "BACKUP", priority: 100, effectivePriority: 100 },
  haproxy: null,
  nonlocalBind: true,
  checksums: {},
};
const vips = ["10.0.0.100"];
const line = (text: string) => {
  const change = parseIpMonitorLine(text);
  if (!change) throw new Error(`unparsed: ${text}`);
  return change;
};
const added = line("[2026-11-24T12:00:01.000000] 2: eth0    inet 10.0.0.100/24 scope global secondary eth0");
const deleted = line("Deleted 2: eth0    inet 10.0.0.100/24 scope global secondary eth0");
const other = line("2: eth0    inet 10.0.0.12/24 scope global eth0");

describe("applyAddressChange", () => {
  it("adds and removes the VIP on the latest observation, stamped with the line's arrival", () => {
    const at = new Date("2026-11-24T12:00:01.005Z");
    const holding = applyAddressChange(base, added, vips, at);
    expect(holding).toMatchObject({
      vipsHeld: ["10.0.0.100"],
      at: at.toISOString(),
      keepalived: base.keepalived,
    });
    expect(holding && applyAddressChange(holding, deleted, vips, at)?.vipsHeld).toEqual([]);
  });

  it("drops a stale MASTER state from a node that released the VIP", () => {
    const master = {
      ...base,
      vipsHeld: ["10.0.0.100"],
      keepalived: { running: true, state: "MASTER" as const, priority: 110, effectivePriority: 110 },
    };
    const at = new Date(Date.parse(base.at) + 700);
    expect(applyAddressChange(master, deleted, vips, at)?.keepalived).toEqual({
      running: true,
      state: null,
      priority: 110,
      effectivePriority: 110,
      stateAgeMs: 700,
    });
  });

  it("ages the VRRP state it keeps: the VIPs are read now, keepalived's state at the last poll", () => {
    const backup = {
      ...base,
      vipsHeld: [],
      keepalived: {
        running: true,
        state: "BACKUP" as const,
        priority: 100,
        effectivePriority: 100,
        stateAgeMs: 2_000,
      },
    };
    expect(
      applyAddressChange(backup, added, vips, new Date(Date.parse(base.at) + 300))?.keepalived?.stateAgeMs,
    ).toBe(2_300);
  });

  it("ignores other addresses, repeats, and nodes without a usable observation", () => {
    const at = new Date();
    expect(applyAddressChange(base, other, vips, at)).toBeNull();
    expect(applyAddressChange(base, deleted, vips, at)).toBeNull();
    expect(applyAddressChange(null, added, vips, at)).toBeNull();
    expect(applyAddressChange({ ...base, reachable: false }, added, vips, at)).toBeNull();
  });
});

describe("withWatchedVips", () => {
  it("keeps the watch's VIPs over a poll that started before the change", () => {
    const watched = { at: 1_000, vipsHeld: ["10.0.0.100"] };
    expect(withWatchedVips(base, watched, 900).vipsHeld).toEqual(["10.0.0.100"]);
    expect(withWatchedVips(base, watched, 1_100).vipsHeld).toEqual([]);
    expect(withWatchedVips(base, undefined, 0)).toBe(base);
    expect(withWatchedVips({ ...base, reachable: false }, watched, 900).vipsHeld).toEqual([]);
  });

  it("drops a MASTER state read before the watch saw the node release the VIP, and only that", () => {
    const masterState = { running: true, state: "MASTER" as const, priority: 110, effectivePriority: 110 };
    const master = { ...base, keepalived: masterState };
    const at = Date.parse(base.at);
    const released = { at: at - 500, vipsHeld: [] };
    // The poll started before the release.
    expect(withWatchedVips(master, released, at - 1_000).keepalived?.state).toBeNull();
    // It started after, but its VRRP state came from keepalived's dump of the poll before.
    const aheadDump = { ...master, keepalived: { ...masterState, stateAgeMs: 2_000 } };
    expect(withWatchedVips(aheadDump, released, at - 100).keepalived?.state).toBeNull();
    // Read after the release: MASTER without the VIP is what the node says now.
    expect(withWatchedVips(master, released, at - 100).keepalived?.state).toBe("MASTER");
    // The watch last saw the VIP arrive: nothing to doubt.
    expect(withWatchedVips(master, { at: at - 500, vipsHeld: vips }, at - 1_000).keepalived?.state).toBe(
      "MASTER",
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  formatIdentity,
  goneFromThisHost,
  liveStartTicksFromStat,
  parseIdentity,
  type LocalPlace,
  type ProcessIdentity,
} from "./local-process";

const here: LocalPlace = {
  host: "hapair-1",
  bootId: "db03b3d8-7fce-4cc4-ad0c-58c354d329f3",
  pidNamespace: "pid:[4026531836]",
  uid: 1000,
};
const identity = (over: Partial<ProcessIdentity>) =>
  formatIdentity({
    bootId: here.bootId,
    pidNamespace: here.pidNamespace,
    uid: here.uid,
    startTicks: "123456",
    ...over,
  });
const recorded = (over: Partial<{ host: string; pid: number; identity: string | null }> = {}) => ({
  host: "hapair-1",
  pid: 4242,
  identity: identity({}),
  ...over,
});
const running = (ticks: string | null) => () => ticks;

describe("an agents process gone from this host", () => {
  it("is gone when its PID is not running here, or runs with another start time (recycled)", () => {
    expect(goneFromThisHost(recorded(), here, running(null))).toBe(true);
    expect(goneFromThisHost(recorded(), here, running("999999"))).toBe(true);
  });

  it("is not gone while its PID runs with the recorded start time", () => {
    const asked: number[] = [];
    expect(goneFromThisHost(recorded(), here, (pid) => (asked.push(pid), "123456"))).toBe(false);
    expect(asked).toEqual([4242]);
  });

  it("is unknown (not gone) from anywhere that cannot see that PID: another host, boot, PID namespace or uid", () => {
    for (const row of [
      recorded({ host: "hapair-2" }),
      recorded({ identity: identity({ bootId: "0b8f5d9e-0000-4000-8000-000000000000" }) }),
      recorded({ identity: identity({ pidNamespace: "pid:[4026532999]" }) }),
      recorded({ identity: identity({ uid: 0 }) }),
    ])
      expect(goneFromThisHost(row, here, running(null))).toBe(false);
  });

  it("is unknown without a readable identity (a row from before, or garbage) or with a bad PID", () => {
    for (const text of [null, "", "a b c", "a b c d e", "boot ns x 1", "boot ns 1 x", "bo'ot ns 1 1"])
      expect(goneFromThisHost(recorded({ identity: text }), here, running(null)), String(text)).toBe(false);
    for (const pid of [0, -1, 1.5])
      expect(goneFromThisHost(recorded({ pid }), here, running(null))).toBe(false);
  });

  it("formats and parses the identity both ways", () => {
    const text = identity({});
    const { bootId, pidNamespace, uid } = here;
    expect(parseIdentity(text)).toEqual({ bootId, pidNamespace, uid, startTicks: "123456" });
  });
});

describe("/proc/PID/stat", () => {
  const stat = (name: string, state: string) =>
    `4242 (${name}) ${state} 1 4242 4242 0 -1 4194560 1215 0 0 0 3 1 0 0 20 0 1 0 98765 12345678 2000 18446744073709551615`;

  it("gives field 22, whatever the command name holds", () => {
    expect(liveStartTicksFromStat(stat("node", "S"))).toBe("98765");
    expect(liveStartTicksFromStat(stat("a) b (c", "R"))).toBe("98765");
  });

  it("gives nothing for a zombie or text that does not parse", () => {
    expect(liveStartTicksFromStat(stat("node", "Z"))).toBeNull();
    expect(liveStartTicksFromStat("garbage")).toBeNull();
    expect(liveStartTicksFromStat("1 (x) S 1 2")).toBeNull();
  });
});

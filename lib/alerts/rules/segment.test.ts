import { describe, expect, it } from "vitest";
import type { AdvertWindow, VrrpSpeaker } from "@/lib/status/segment";
import { holding, input, observed, T0 } from "../__fixtures__/cluster";
import { evaluateRules } from ".";

const speaker = (source: string, vrid: number, self = false): VrrpSpeaker => ({
  source,
  mac: `aa:bb:cc:00:00:${source.split(".")[3]}`,
  vrid,
  priority: 100,
  intervalS: 1,
  self,
});
const segment = (...speakers: VrrpSpeaker[]) => ({ interface: "eth0", capture: "on" as const, speakers });
/** Adverts over 30 s and the last 4 s: `sent`, `received` per second. */
const adverts = (sent: number, received: number, shortReceived = received * 4): AdvertWindow[] => [
  {
    vrid: 51,
    at: T0,
    long: { ms: 30_000, sent: sent * 30, received: Math.round(received * 30) },
    short: { ms: 4_000, sent: sent * 4, received: shortReceived },
  },
];
const rules = (frame: ReturnType<typeof input>, rule: string) =>
  evaluateRules(frame).filter((c) => c.rule === rule);

describe("VRID collision", () => {
  const ours = { "lb-01": speaker("10.0.0.11", 51, true), "lb-02": speaker("10.0.0.12", 51, true) };

  it("names a third speaker on our VRID by address and MAC; our nodes and other VRIDs are not one", () => {
    const frame = input(T0, {
      "lb-01": observed("lb-01", T0 - 500, {
        segment: segment(ours["lb-01"], speaker("10.0.0.77", 51), speaker("10.0.0.88", 52)),
      }),
      "lb-02": observed("lb-02", T0 - 500, { segment: segment(ours["lb-01"], speaker("10.0.0.77", 51)) }),
    });
    const [condition, ...more] = rules(frame, "vrid-collision");
    expect(more).toEqual([]);
    expect(condition?.severity).toBe("critical");
    expect(condition?.summary).toBe(
      "VRID 51 is also advertised by 10.0.0.77 (MAC aa:bb:cc:00:00:77, priority 100), seen by lb-01 and lb-02",
    );
  });

  it("knows the peer by its segment address even when the peer cannot say so itself", () => {
    const frame = input(T0, {
      "lb-01": observed("lb-01", T0 - 500, { segment: segment(speaker("10.0.0.12", 51)) }),
      "lb-02": undefined,
    });
    frame.subject.nodes = frame.subject.nodes.map((n) => ({
      ...n,
      address: n.name === "lb-01" ? "10.0.0.11" : "10.0.0.12",
    }));
    expect(rules(frame, "vrid-collision")).toEqual([]);
  });
});

describe("advert loss", () => {
  it("alerts a partial loss with its direction, and not a healthy pair", () => {
    const healthy = input(T0, {
      "lb-01": observed("lb-01", T0 - 500, { adverts: adverts(1, 0) }),
      "lb-02": observed("lb-02", T0 - 500, { adverts: adverts(0, 29 / 30) }),
    });
    expect(rules(healthy, "advert-loss")).toEqual([]);
    const lossy = input(T0, {
      "lb-01": observed("lb-01", T0 - 500, { adverts: adverts(1, 0) }),
      "lb-02": observed("lb-02", T0 - 500, { adverts: adverts(0, 0.7) }),
    });
    const [condition] = rules(lossy, "advert-loss");
    expect(condition?.summary).toBe(
      "lb-02 receives fewer of lb-01's adverts than lb-01 sends: 21 of about 30 in 30 s (30% lost)",
    );
    expect(rules(lossy, "split-brain")).toEqual([]);
  });

  it("names one-way deafness as the split-brain's cause", () => {
    const frame = input(T0, {
      "lb-01": observed("lb-01", T0 - 500, { adverts: adverts(1, 0.3, 4) }),
      "lb-02": holding("lb-02", T0 - 500, { adverts: adverts(1, 0.5, 0) }),
    });
    const [condition] = rules(frame, "split-brain");
    expect(condition?.summary).toBe(
      "VIP held by both lb-01 and lb-02: lb-02 does not hear lb-01; lb-01 hears lb-02",
    );
    expect(condition?.evidence.cause).toBe("lb-02 does not hear lb-01; lb-01 hears lb-02");
  });
});

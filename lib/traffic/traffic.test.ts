import { describe, expect, it } from "vitest";
import {
  MAX_NAME_LENGTH,
  MAX_PROXIES_PER_NODE,
  parseTrafficCsv,
  trafficSection,
  type TrafficReading,
} from "./counters";
import { counterDelta, trafficRates } from "./rates";
import { addToRollup, finishRollup, MINUTE_MS, type RollupState } from "./rollup";

const HEADER = "# pxname,svname,type,scur,stot,req_tot,hrsp_4xx,hrsp_5xx";

const reading = (
  at: number,
  requests: number,
  epoch = "100",
  extra: Partial<{ e4: number; e5: number }> = {},
): TrafficReading => ({
  at,
  epoch,
  proxies: [{ key: "f:http", sessions: 3, requests, http4xx: extra.e4 ?? 0, http5xx: extra.e5 ?? 0 }],
});

describe("parseTrafficCsv", () => {
  it("keeps frontends and backends by header name, req_tot or else stot", () => {
    const text = [
      "# type,pxname,svname,scur,req_tot,stot,hrsp_4xx,hrsp_5xx",
      "0,http,FRONTEND,5,120,40,3,1",
      "1,web,BACKEND,2,,77,,",
      "2,web,s1,1,,50,,",
      "3,http,sock-1,0,,,,",
    ].join("\n");
    expect(parseTrafficCsv(text)).toEqual([
      { key: "f:http", sessions: 5, requests: 120, http4xx: 3, http5xx: 1 },
      { key: "b:web", sessions: 2, requests: 77, http4xx: 0, http5xx: 0 },
    ]);
  });

  it("is bounded: at most MAX_PROXIES_PER_NODE rows, names cut, duplicates and garbage dropped", () => {
    const rows = Array.from({ length: 500 }, (_, i) => `p${i}${"x".repeat(200)},FRONTEND,0,1,1,1,0,0`);
    const parsed = parseTrafficCsv([HEADER, "garbage", "a,b,0,-1,1e9,NaN,,", ...rows, ...rows].join("\n"));
    expect(parsed).toHaveLength(MAX_PROXIES_PER_NODE);
    expect(parsed.every((p) => p.key.length <= MAX_NAME_LENGTH + 2)).toBe(true);
    expect(parsed[0]).toEqual({ key: "f:a", sessions: 0, requests: 0, http4xx: 0, http5xx: 0 });
    expect(parseTrafficCsv("no header")).toEqual([]);
  });

  it("finds the section in whole and '@@same' answers", () => {
    expect(trafficSection(`@@same\n@@traffic\n${HEADER}\nhttp,FRONTEND,0,1,1,1,0,0\n@@end\n`)).toBe(
      `${HEADER}\nhttp,FRONTEND,0,1,1,1,0,0\n`,
    );
    expect(trafficSection("@@same\n@@end\n")).toBeNull();
  });
});

describe("trafficRates", () => {
  it("divides counter deltas by the seconds between readings; sessions as read", () => {
    const point = trafficRates(
      reading(0, 100, "1", { e4: 2, e5: 0 }),
      reading(2_000, 150, "1", { e4: 6, e5: 1 }),
    );
    expect(point).toEqual({ at: 2_000, values: { "f:http": [25, 3, 2, 0.5] } });
  });

  it("treats a counter that went down, or a new worker, as a reset to zero", () => {
    expect(counterDelta(100, 30, false)).toBe(30);
    expect(trafficRates(reading(0, 500, "1"), reading(2_000, 40, "1"))?.values["f:http"]?.[0]).toBe(20);
    // A reload whose new worker already counted more than the old one: the epoch tells.
    expect(trafficRates(reading(0, 10, "1"), reading(2_000, 60, "2"))?.values["f:http"]?.[0]).toBe(30);
  });

  it("makes no point from the first reading, a reading out of order or one after a long gap", () => {
    expect(trafficRates(null, reading(0, 1))).toBeNull();
    expect(trafficRates(reading(2_000, 1), reading(2_000, 5))).toBeNull();
    expect(trafficRates(reading(0, 1), reading(60_000, 5))).toBeNull();
  });

  it("counts a proxy new since the previous reading from zero", () => {
    const next: TrafficReading = {
      ...reading(2_000, 10),
      proxies: [
        ...reading(2_000, 10).proxies,
        { key: "b:new", sessions: 0, requests: 8, http4xx: 0, http5xx: 0 },
      ],
    };
    expect(trafficRates(reading(0, 10), next)?.values["b:new"]).toEqual([4, 0, 0, 0]);
  });
});

describe("rollup", () => {
  it("averages each series over its minute and hands the minute out when the next one starts", () => {
    let state: RollupState | null = null;
    const outs = [];
    for (const [at, value] of [
      [MINUTE_MS + 2_000, 10],
      [MINUTE_MS + 4_000, 20],
      [2 * MINUTE_MS, 99],
    ] as const) {
      const step = addToRollup(state, {
        at,
        values: { "f:http": [value, value, 0, 0], ...(value === 10 ? { "b:x": [1, 1, 1, 1] } : {}) },
      });
      state = step.state;
      outs.push(step.finished);
    }
    expect(outs[0]).toBeNull();
    expect(outs[1]).toBeNull();
    expect(outs[2]).toEqual({ at: MINUTE_MS, values: { "f:http": [15, 15, 0, 0], "b:x": [1, 1, 1, 1] } });
    expect(state && finishRollup(state)).toEqual({ at: 2 * MINUTE_MS, values: { "f:http": [99, 99, 0, 0] } });
  });
});

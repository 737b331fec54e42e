import { describe, expect, it } from "vitest";
import { trackScriptStatuses } from "./track-scripts";

const scripts = [
  { name: "chk_haproxy", weight: -20 },
  { name: "chk_gateway", weight: -5 },
];
const statuses = (reading: Parameters<typeof trackScriptStatuses>[1], list = scripts) =>
  trackScriptStatuses(list, reading).map((s) => s.status);

describe("trackScriptStatuses", () => {
  it("all ok when the effective priority is the base", () => {
    expect(statuses({ state: "MASTER", base: 110, effective: 110 })).toEqual(["ok", "ok"]);
  });

  it("names the failing script from the priority it took off", () => {
    expect(statuses({ state: "BACKUP", base: 110, effective: 90 })).toEqual(["failing", "ok"]);
    expect(statuses({ state: "BACKUP", base: 110, effective: 85 })).toEqual(["failing", "failing"]);
  });

  it("says unknown when the weights cannot tell, or nothing was read", () => {
    const same = [
      { name: "a", weight: -10 },
      { name: "b", weight: -10 },
    ];
    expect(statuses({ state: "BACKUP", base: 100, effective: 90 }, same)).toEqual(["unknown", "unknown"]);
    expect(statuses({ state: "BACKUP", base: 100, effective: 77 })).toEqual(["unknown", "unknown"]);
    expect(statuses(null)).toEqual(["unknown", "unknown"]);
  });

  it("a weight-0 script failing means FAULT; positive weights add when passing; priorities clamp", () => {
    const zero = [{ name: "z", weight: 0 }];
    expect(statuses({ state: "FAULT", base: 100, effective: 100 }, zero)).toEqual(["unknown"]);
    expect(statuses({ state: "MASTER", base: 100, effective: 100 }, zero)).toEqual(["ok"]);
    expect(statuses({ state: "MASTER", base: 100, effective: 110 }, [{ name: "p", weight: 10 }])).toEqual([
      "ok",
    ]);
    expect(statuses({ state: "BACKUP", base: 100, effective: 100 }, [{ name: "p", weight: 10 }])).toEqual([
      "failing",
    ]);
    expect(statuses({ state: "BACKUP", base: 10, effective: 1 }, [{ name: "q", weight: -50 }])).toEqual([
      "failing",
    ]);
  });
});

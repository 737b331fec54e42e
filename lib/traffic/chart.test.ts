import { describe, expect, it } from "vitest";
import { linePath, niceMax } from "./chart-geometry";
import { chartLines, proxyKeys } from "./view";

describe("chart geometry", () => {
  it("rounds the y axis up to 1, 2 or 5 × 10^n", () => {
    expect([0, 0.3, 1, 1.1, 3, 7, 42, 120].map(niceMax)).toEqual([1, 0.5, 1, 2, 5, 10, 50, 200]);
  });

  it("draws points in the box, lifting the pen over gaps and dropping points outside the range", () => {
    const box = { from: 0, to: 100, maxY: 10, width: 200, height: 50 };
    expect(
      linePath(
        [
          [-5, 1],
          [0, 0],
          [10, 10],
          [60, 5],
          [70, 20],
        ],
        box,
        20,
      ),
    ).toBe("M0.0,50.0L20.0,0.0M120.0,25.0L140.0,0.0");
  });
});

describe("chart series", () => {
  const traffic = {
    nodes: [
      { name: "a", points: [{ at: 1, values: { "b:x": [1, 2, 3, 4] as [number, number, number, number] } }] },
      { name: "b", points: [{ at: 1, values: { "f:y": [5, 6, 7, 8] as [number, number, number, number] } }] },
    ],
  };
  it("lists frontends before backends and picks one metric per node", () => {
    expect(proxyKeys(traffic)).toEqual(["f:y", "b:x"]);
    expect(chartLines(traffic, "f:y", 2)).toEqual([
      { node: "a", points: [] },
      { node: "b", points: [[1, 7]] },
    ]);
  });
});

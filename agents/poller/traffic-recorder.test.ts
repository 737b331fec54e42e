import { describe, expect, it } from "vitest";
import type { TrafficReading } from "@/lib/traffic/counters";
import { TrafficRecorder } from "./traffic-recorder";

const reading = (at: number, requests: number): TrafficReading => ({
  at,
  epoch: "100",
  proxies: [{ key: "f:http", sessions: 3, requests, http4xx: 0, http5xx: 0 }],
});

describe("TrafficRecorder", () => {
  it("writes a 2 s row per poll after the first and a minute row as each minute ends", () => {
    const recorder = new TrafficRecorder();
    const steps = [56_000, 58_000, 59_000, 60_000, 62_000].map((at, i) =>
      recorder.rows("n1", reading(at, i * 10)).map((r) => r.step),
    );
    expect(steps).toEqual([[], [2], [2], [2, 60], [2]]);
    const [row] = recorder.rows("n1", reading(64_000, 50));
    expect(row && JSON.parse(row.data)).toEqual({ "f:http": [5, 3, 0, 0] });
  });
});

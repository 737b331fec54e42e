/** The poll-duration histogram: fixed buckets, a stored column read without trusting it, escaped labels. */
import { describe, expect, it } from "vitest";
import {
  POLL_DURATION_BUCKETS_S,
  emptyPollDurations,
  observePollDuration,
  parsePollDurations,
  pollDurationsText,
} from "./poll-durations";

describe("poll durations", () => {
  it("counts each poll in the first bucket whose bound it does not pass, past all bounds in +Inf", () => {
    const d = emptyPollDurations();
    for (const ms of [10, 50, 51, 1_500, 60_000, -5]) observePollDuration(d, ms);
    expect(d.counts).toEqual([3, 1, 0, 0, 0, 1, 0, 1]);
    expect(d.counts).toHaveLength(POLL_DURATION_BUCKETS_S.length + 1);
    expect(d.sumSeconds).toBeCloseTo(61.611);
  });

  it("reads back what it wrote and refuses anything else", () => {
    const d = observePollDuration(emptyPollDurations(), 120);
    expect(parsePollDurations(JSON.parse(JSON.stringify(d)))).toEqual(d);
    for (const bad of [null, "x", { counts: [1], sumSeconds: 0 }, { counts: d.counts, sumSeconds: -1 }])
      expect(parsePollDurations(bad)).toBeNull();
  });

  it("prints cumulative buckets with escaped labels, and nothing without series", () => {
    const d = observePollDuration(observePollDuration(emptyPollDurations(), 70), 700);
    const text = pollDurationsText([{ labels: { cluster: 'a"b\\c\nd', node: "n" }, durations: d }]);
    expect(text).toContain(
      'hapair_node_poll_duration_seconds_bucket{cluster="a\\"b\\\\c\\nd",node="n",le="0.1"} 1',
    );
    expect(text).toContain(
      'hapair_node_poll_duration_seconds_bucket{cluster="a\\"b\\\\c\\nd",node="n",le="1"} 2',
    );
    expect(text.split("\n").filter((l) => l.includes("_bucket{"))).toHaveLength(
      POLL_DURATION_BUCKETS_S.length + 1,
    );
    expect(pollDurationsText([])).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { overlapsLabRange } from "./network";

describe("overlapsLabRange", () => {
  it("flags routes inside or around 10.0.0.0/16 only", () => {
    expect(overlapsLabRange("10.0.5.0/24")).toBe(true);
    expect(overlapsLabRange("10.0.0.0/8")).toBe(true);
    expect(overlapsLabRange("10.1.0.0/16")).toBe(false);
    expect(overlapsLabRange("192.0.2.0/24")).toBe(false);
    expect(overlapsLabRange("default")).toBe(false);
    expect(overlapsLabRange("fe80::/64")).toBe(false);
  });
});

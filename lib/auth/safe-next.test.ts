import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("after sign-in, only a same-origin path", () => {
  it("keeps local paths with their query and hash", () => {
    expect(safeNextPath("/clusters/abc?tab=yaml#x")).toBe("/clusters/abc?tab=yaml#x");
    expect(safeNextPath("/")).toBe("/");
  });

  it("refuses anything a browser would take to another host", () => {
    const hostile = [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/%5Cevil.example",
      "/%5cevil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/.//evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      undefined,
      null,
      "/\u0000",
    ];
    for (const next of hostile) expect(safeNextPath(next), JSON.stringify(next)).toBe("/");
  });
});

import { describe, expect, it } from "vitest";
import { liftSectionConditions } from "./haproxy-conditions";
import { splitHaproxySections } from "./haproxy-tokens";

const lift = (cfg: string) =>
  liftSectionConditions(splitHaproxySections(cfg).sections).map((s) => ({
    header: s.words.join(" "),
    condition: s.condition,
    lines: s.directives.map((d) => d.text),
  }));

describe(".if/.endif around whole sections", () => {
  it("gives each section inside the block its condition and leaves the lines without the .if/.endif", () => {
    expect(
      lift(
        "backend a\n    server s 127.0.0.1:1\n.if feature(OPENSSL)\nlisten b\n    bind :1\nbackend c\n    server t 127.0.0.1:2\n.endif\n",
      ),
    ).toEqual([
      { header: "backend a", condition: undefined, lines: ["server s 127.0.0.1:1"] },
      { header: "listen b", condition: "feature(OPENSSL)", lines: ["bind :1"] },
      { header: "backend c", condition: "feature(OPENSSL)", lines: ["server t 127.0.0.1:2"] },
    ]);
  });

  it("keeps a section's own inner .if blocks and chains a block that starts where one ends", () => {
    expect(
      lift(
        "backend a\n.if defined(A)\nbackend b\n    .if defined(B)\n    server s 127.0.0.1:1\n    .endif\n.endif\n.if defined(C)\nbackend c\n.endif\n",
      ),
    ).toEqual([
      { header: "backend a", condition: undefined, lines: [] },
      {
        header: "backend b",
        condition: "defined(A)",
        lines: [".if defined(B)", "server s 127.0.0.1:1", ".endif"],
      },
      { header: "backend c", condition: "defined(C)", lines: [] },
    ]);
  });

  it.each([
    [".else between sections", "backend a\n.if defined(A)\nbackend b\n.else\nbackend c\n.endif\n"],
    ["a block around global", "backend a\n.if defined(A)\nglobal\n    daemon\n.endif\n"],
    ["lines after the .endif", "backend a\n.if defined(A)\nbackend b\n.endif\n    server s 127.0.0.1:1\n"],
    ["a block never closed", "backend a\n.if defined(A)\nbackend b\n"],
  ])("leaves %s as written (validation names it)", (_label, cfg) => {
    expect(lift(cfg).every((s) => s.condition === undefined)).toBe(true);
    expect(lift(cfg).flatMap((s) => s.lines)).toEqual(
      splitHaproxySections(cfg).sections.flatMap((s) => s.directives.map((d) => d.text)),
    );
  });
});

/**
 * The partition drill's split-brain page, as a receiver sees it: a webhook on loopback (HMAC checked)
 * gets the firing page within the cluster's hold + 1 s of the split, marked as the drill's
 * (`drill: {id, kind}`, "[drill]" in what people read), and the drill passes.
 */
import { describe, expect, it } from "vitest";
import { until, usePager } from "./alerts-support";
import { describeDrill, expectPairBack, useDrillLab } from "./drill-support";

const lab = useDrillLab("drills-pages");
// The receiver below runs on loopback; nothing else there may receive pages.
process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32";

const receiver = usePager(() => lab().db, "drill receiver");
const pages = () => receiver().pages;

describe("pages during a partition drill", () => {
  it("the split-brain page reaches the webhook within hold + 1 s of the split, marked as the drill's", async () => {
    const drill = await lab().drill({ mode: "partition" });
    console.log(describeDrill(drill));
    expect(drill.status, describeDrill(drill)).toBe("passed");
    const split = Date.parse(drill.timeline.find((e) => e.event === "vip-on-peer")?.at ?? "");
    expect(Number.isNaN(split)).toBe(false);
    const fire = await until(
      "the split-brain page",
      10_000,
      () => pages().find((p) => p.message.rule === "split-brain" && p.message.event === "fire") ?? null,
    );
    // The lab definition's split-brain hold is the default 2 s.
    console.log(`split-brain page arrived ${fire.at - split} ms after the split was seen`);
    expect(fire.at - split).toBeLessThanOrEqual(2_000 + 1_000);
    expect(fire.message.drill).toEqual({ id: drill.id, kind: "partition" });
    expect(receiver().bad).toBe(0);
    // Unblocked, the split-brain resolves: that page is the drill's too.
    const resolved = await until(
      "the resolved page",
      20_000,
      () => pages().find((p) => p.message.rule === "split-brain" && p.message.event === "resolve") ?? null,
    );
    expect(resolved.message.drill).toEqual({ id: drill.id, kind: "partition" });
    // Every page this drill caused is marked.
    expect(
      pages()
        .filter((p) => p.message.drill === null)
        .map((p) => p.message.rule),
    ).toEqual([]);
    await expectPairBack();
  });
});

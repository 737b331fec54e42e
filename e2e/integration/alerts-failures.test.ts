/**
 * The article's failure modes 1 and 2 on the test pair, with the poller and alerting running in this
 * process: each fires the alert that names it and no split-brain; a normal failover and fail-back page
 * nothing critical. Every fault is undone in a finally and the pair is left with the VIP on its master.
 */
import { describe, expect, it } from "vitest";
import { cutNode, labExec, uncutNode, vipHolders } from "@/e2e/lab/control";
import { useAlertLab, sleep, until } from "./alerts-support";

const alertLab = useAlertLab("alerts-failures");

const holders = () => JSON.stringify(vipHolders(alertLab().pair));
const describePages = (from: number) =>
  alertLab()
    .pagesSince(from)
    .map((p) => `${p.message.event} ${p.message.severity} ${p.message.rule} ${p.message.key}`);
const firePage = (from: number, rule: string, key: string) => () =>
  alertLab()
    .pagesSince(from, rule)
    .find((p) => p.message.event === "fire" && p.message.key === key) ?? null;

describe("alerts under the article's failure modes (lab)", () => {
  it("failure mode 1: HAProxy stopped on the master pages 'HAProxy down', no split-brain, no blackhole; resolves when it starts", async () => {
    const lab = alertLab();
    const started = Date.now();
    try {
      expect(labExec(lab.master, ["systemctl", "stop", "haproxy"]).code).toBe(0);
      await until(
        `VIP on ${lab.backup}`,
        20_000,
        () => (holders() === JSON.stringify([lab.backup]) ? true : null),
        200,
      );
      const page = await until(
        "HAProxy-down page",
        20_000,
        firePage(started, "ha-degraded", `${lab.master}:haproxy-down`),
      );
      console.log(
        `[alerts-failures] mode 1: '${page.message.summary}' paged ${page.at - started} ms after systemctl stop haproxy`,
      );
    } finally {
      labExec(lab.master, ["systemctl", "start", "haproxy"]);
    }
    await until(
      "HAProxy-down resolved",
      30_000,
      () =>
        lab
          .pagesSince(started, "ha-degraded")
          .find((p) => p.message.event === "resolve" && p.message.key === `${lab.master}:haproxy-down`) ??
        null,
      200,
    );
    await lab.settled();
    const pages = describePages(started);
    console.log(`[alerts-failures] mode 1 pages: ${pages.join("; ")}`);
    expect(pages.filter((p) => /split-brain|no-vip-holder|blackhole/.test(p))).toEqual([]);
  });

  it("failure mode 2: the master cut off pages it unreachable, no split-brain", async () => {
    const lab = alertLab();
    const started = Date.now();
    try {
      cutNode(lab.master);
      const page = await until(
        "unreachable page",
        30_000,
        firePage(started, "ha-degraded", `${lab.master}:unreachable`),
      );
      console.log(
        `[alerts-failures] mode 2: '${page.message.summary}' paged ${page.at - started} ms after the cut`,
      );
      await sleep(3_000); // the backup has taken over; still no split-brain
    } finally {
      uncutNode(lab.master);
    }
    await lab.settled();
    const pages = describePages(started);
    console.log(`[alerts-failures] mode 2 pages: ${pages.join("; ")}`);
    expect(pages.filter((p) => /split-brain|no-vip-holder/.test(p))).toEqual([]);
  });

  it("a normal failover and fail-back page nothing critical", async () => {
    const lab = alertLab();
    const started = Date.now();
    try {
      expect(labExec(lab.master, ["systemctl", "stop", "keepalived"]).code).toBe(0);
      const moved = await until(
        `VIP on ${lab.backup}`,
        20_000,
        () => (holders() === JSON.stringify([lab.backup]) ? Date.now() - started : null),
        50,
      );
      console.log(`[alerts-failures] failover: VIP on ${lab.backup} after ${moved} ms`);
      await sleep(2_000);
    } finally {
      labExec(lab.master, ["systemctl", "start", "keepalived"]);
    }
    await lab.settled();
    await sleep(3_000); // anything held at the end of the fail-back would fire by now
    const pages = describePages(started);
    console.log(
      `[alerts-failures] failover and fail-back pages: ${pages.length === 0 ? "none" : pages.join("; ")}`,
    );
    expect(lab.pagesSince(started).filter((p) => p.message.severity === "critical")).toEqual([]);
    expect(
      await lab.db.alertIncident.count({
        where: { severity: "critical", firedAt: { gte: new Date(started) } },
      }),
    ).toBe(0);
  });
});

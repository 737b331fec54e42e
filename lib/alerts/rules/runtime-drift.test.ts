import { describe, expect, it } from "vitest";
import type { NodeObservation, ServerObservation } from "@/lib/status/observation";
import { intendedAction } from "@/lib/status/runtime-drift";
import { input, observed, T0 } from "../__fixtures__/cluster";
import { keyedEventTimes, pagesOf, simulate, timeline } from "../__fixtures__/simulate";
import { evaluateRules } from ".";

const runtime = (frame: ReturnType<typeof input>) =>
  evaluateRules(frame).filter((c) => c.rule === "drift" && c.key.startsWith("runtime:"));

/** lb-02 observed with some of its servers changed. */
function lb02(
  at: number,
  change: Record<string, Partial<ServerObservation>>,
  patch: Partial<NodeObservation> = {},
) {
  const base = observed("lb-02", at);
  const haproxy = base.haproxy ?? null;
  return observed("lb-02", at, {
    haproxy: haproxy && {
      ...haproxy,
      servers: haproxy.servers.map((s) => ({ ...s, weight: 1, ...change[s.server] })),
    },
    ...patch,
  });
}

describe("runtime state drift", () => {
  it("sees a server drained on one node only, naming both nodes' states", () => {
    const [condition, ...rest] = runtime(
      input(T0, { "lb-02": lb02(T0 - 100, { "app-03": { status: "DRAIN" } }) }),
    );
    expect(rest).toEqual([]);
    expect(condition).toMatchObject({
      key: "runtime:be_app/app-03",
      severity: "warning",
      holdMs: 10_000,
      summary: "be_app/app-03 differs between the nodes at run time: READY on lb-01, DRAIN on lb-02",
      evidence: { differs: ["admin state"], nodes: { "lb-02": { adminState: "DRAIN", weight: 1 } } },
    });
  });

  it("sees maintenance (any MAINT status) against drain, and a different weight", () => {
    const frame = input(T0, {
      "lb-01": observed("lb-01", T0 - 100, {
        haproxy: {
          ...lb02(T0, {}).haproxy!,
          servers: lb02(T0, { "app-01": { status: "MAINT (via be_app/app-02)" } }).haproxy!.servers,
        },
      }),
      "lb-02": lb02(T0 - 100, { "app-01": { status: "DRAIN" }, "app-02": { weight: 5 } }),
    });
    expect(runtime(frame).map((c) => c.summary)).toEqual([
      "be_app/app-01 differs between the nodes at run time: MAINT on lb-01, DRAIN on lb-02",
      "be_app/app-02 differs between the nodes at run time: weight 1 on lb-01, 5 on lb-02",
    ]);
  });

  it("sees nothing when both nodes agree, DOWN is not an admin state, and an unknown weight is not compared", () => {
    const bothDrained = input(T0, {
      "lb-01": observed("lb-01", T0 - 100, {
        haproxy: { ...lb02(T0, { "app-03": { status: "DRAIN" } }).haproxy! },
      }),
      "lb-02": lb02(T0 - 100, { "app-03": { status: "DRAIN" } }),
    });
    expect(runtime(bothDrained)).toEqual([]);
    expect(runtime(input(T0, { "lb-02": lb02(T0 - 100, { "app-03": { status: "DOWN" } }) }))).toEqual([]);
    // lb-01's fixture servers carry no weight (rows polled before weights were kept).
    expect(runtime(input(T0, { "lb-02": lb02(T0 - 100, { "app-03": { weight: 7 } }) }))).toEqual([]);
  });

  it("sees a drain on one node of a server DOWN on both, from show servers state (show stat says DOWN)", () => {
    const down = { status: "DOWN", checkStatus: "L4CON" };
    const frame = input(T0, {
      "lb-01": observed("lb-01", T0 - 100, {
        haproxy: { ...lb02(T0, { "app-03": { ...down, adminState: "READY" } }).haproxy! },
      }),
      "lb-02": lb02(T0 - 100, { "app-03": { ...down, adminState: "DRAIN" } }),
    });
    expect(runtime(frame).map((c) => c.summary)).toEqual([
      "be_app/app-03 differs between the nodes at run time: READY on lb-01, DRAIN on lb-02",
    ]);
    // Both drained and down: the same on both nodes.
    const both = input(T0, {
      "lb-01": observed("lb-01", T0 - 100, {
        haproxy: { ...lb02(T0, { "app-03": { ...down, adminState: "DRAIN" } }).haproxy! },
      }),
      "lb-02": lb02(T0 - 100, { "app-03": { ...down, adminState: "DRAIN" } }),
    });
    expect(runtime(both)).toEqual([]);
  });

  it("ignores servers the definition does not declare, and nodes that cannot be read or are stale", () => {
    const invented = lb02(T0 - 100, {});
    invented.haproxy?.servers.push({
      backend: "be_app",
      server: "evil",
      status: "DRAIN",
      checkStatus: null,
      sessions: 0,
    });
    expect(runtime(input(T0, { "lb-02": invented }))).toEqual([]);
    const drained = { "app-03": { status: "DRAIN" } };
    expect(runtime(input(T0, { "lb-02": lb02(T0 - 100, drained, { reachable: false }) }))).toEqual([]);
    expect(runtime(input(T0, { "lb-02": lb02(T0 - 100, drained, { haproxy: null }) }))).toEqual([]);
    expect(runtime(input(T0, { "lb-02": lb02(T0 - 60_000, drained) }))).toEqual([]);
  });

  it("fires after its hold, not before, is discarded when aligned within it, and resolves when aligned", () => {
    const drained = (now: number) =>
      input(now, { "lb-02": lb02(now - 100, { "app-03": { status: "DRAIN" } }) });
    const brief = [...timeline(T0, T0 + 9_000, 1_000, drained), input(T0 + 9_500)];
    expect(simulate(brief).filter((p) => p.rule === "drift")).toEqual([]);
    const lasting = [...timeline(T0, T0 + 12_000, 1_000, drained), input(T0 + 13_000)];
    expect(keyedEventTimes(pagesOf(lasting, "drift"), T0)).toEqual([
      ["fire", "runtime:be_app/app-03", 10_000],
      ["resolve", "runtime:be_app/app-03", 13_000],
    ]);
  });

  it("uses the cluster's hold", () => {
    const frame = input(T0, { "lb-02": lb02(T0 - 100, { "app-03": { status: "DRAIN" } }) });
    frame.subject.settings = {
      ...frame.subject.settings,
      hold: { ...frame.subject.settings.hold, runtimeDrift: 0 },
    };
    expect(runtime(frame)[0]?.holdMs).toBe(0);
  });
});

describe("the state align sets", () => {
  const done = (server: string, action: "drain" | "maint" | "ready", status = "done") => ({
    backend: "be_app",
    server,
    action,
    status,
  });

  it("is the newest action that finished on both nodes, else ready", () => {
    expect(intendedAction([done("app-03", "drain"), done("app-03", "ready")], "be_app", "app-03")).toBe(
      "drain",
    );
    expect(
      intendedAction([done("app-03", "maint", "failed"), done("app-03", "drain")], "be_app", "app-03"),
    ).toBe("drain");
    expect(intendedAction([done("app-02", "drain")], "be_app", "app-03")).toBe("ready");
    expect(intendedAction([], "be_app", "app-03")).toBe("ready");
  });
});

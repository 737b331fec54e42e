/** The poller against fake nodes: slow, garbage-speaking, socket-less; no SSH, no database. */
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { probeSpec, type ProbeSpec } from "@/lib/probes/probe-spec";
import type { NodeShell } from "@/lib/ssh/node-shell";
import type { NodeObservation } from "@/lib/status/observation";
import { startNodePoller, type ObservationWriter } from "./node-poller";
import type { PollTarget } from "./targets";

const fixtures = join(__dirname, "../../lib/probes/parse/__fixtures__");
const FACTS = readFileSync(join(fixtures, "node-facts-lb-01.txt"), "utf8");
const STAT = readFileSync(join(fixtures, "show-stat.csv"), "utf8");
const PROC = readFileSync(join(fixtures, "show-proc-after-reload.txt"), "utf8");

// The article's pair with hapair's default paths, as the lab nodes run it.
const spec: ProbeSpec = { ...probeSpec(clusterDefinitionSchema.parse(articlePair)), certificatePaths: [] };
const target = {
  key: "k",
  clusterId: "c1",
  nodeId: "n1",
  nodeName: "lb-01",
  ssh: { id: "n1" },
  spec,
} as unknown as PollTarget;

type Behaviour = {
  facts: (signal?: AbortSignal) => Promise<string>;
  socket: (path: string) => Promise<string>;
  lines?: string[];
};

function fakePool(behaviour: Behaviour) {
  const shell: NodeShell = {
    nodeName: "lb-01",
    exec: async (_argv, o) => ({ stdout: await behaviour.facts(o.signal), stderr: "", exitCode: 0 }),
    socket: (path) => behaviour.socket(path),
    follow: async () => {},
    // Each ask answers like the node would: the facts script's output, or a socket answer and prompt.
    converse: async (peer) => ({
      closed: false,
      ask: async (request, _isComplete, o) => {
        if ("argv" in peer) return behaviour.facts(o.signal);
        return request.startsWith("prompt") ? "> " : `${await behaviour.socket(peer.socketPath)}> `;
      },
      close() {},
    }),
  };
  return {
    shell: () => shell,
    follow: async (
      _t: unknown,
      _argv: string[],
      o: { signal: AbortSignal; onLine: (line: string) => void },
    ) => {
      for (const line of behaviour.lines?.splice(0) ?? []) o.onLine(line);
      await new Promise((resolve) => o.signal.addEventListener("abort", resolve, { once: true }));
    },
  };
}

function recorder() {
  const seen: NodeObservation[] = [];
  const changes: string[] = [];
  const pollMs: (number | null | undefined)[] = [];
  const sink: ObservationWriter = {
    record: async (_c, _n, observation, _key, _started, _traffic, ms) => {
      seen.push(observation);
      pollMs.push(ms);
    },
    recordAddressChange: async (_c, _n, change) => (changes.push(`${change.kind} ${change.address}`), true),
    forget: () => {},
  };
  return { seen, changes, sink, pollMs };
}

const timing = { intervalMs: 100, timeoutMs: 60, watchRestartMs: 50 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const answer = (path: string) => Promise.resolve(path.includes("master") ? PROC : STAT);

describe("node poller", () => {
  it("records a full observation per poll and writes watched VIP changes at once", async () => {
    const { seen, changes, sink } = recorder();
    const lines = [
      "Deleted 2: eth0    inet 10.0.0.100/24 scope global secondary eth0",
      "2: eth0    inet 10.0.0.12/24 scope global eth0",
    ];
    const poller = startNodePoller(
      target,
      fakePool({ facts: async () => FACTS, socket: answer, lines }),
      sink,
      timing,
    );
    await sleep(350);
    await poller.stop();
    expect(changes).toEqual(["deleted 10.0.0.100"]);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toMatchObject({
      reachable: true,
      vipsHeld: ["10.0.0.100"],
      haproxy: { running: true, masterPid: 8092 },
    });
  });

  it("restarts a failing VIP watcher in its loop: the failure is counted, kept and logged once", async () => {
    const { sink } = recorder();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    let attempts = 0;
    const pool = {
      ...fakePool({ facts: async () => FACTS, socket: answer }),
      follow: () => {
        attempts += 1;
        return Promise.reject(new Error("connect ECONNREFUSED 10.0.0.11:22"));
      },
    };
    const poller = startNodePoller(target, pool, sink, timing);
    await sleep(300);
    const state = poller.watchState();
    await poller.stop();
    const watchLines = logged.mock.calls
      .map((c) => String(c[0]))
      .filter((l) => l.startsWith("[watch lb-01]"));
    logged.mockRestore();
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(state).toMatchObject({ lastError: "connect ECONNREFUSED 10.0.0.11:22" });
    expect(state.failures).toBeGreaterThanOrEqual(3);
    expect(watchLines).toEqual(["[watch lb-01] connect ECONNREFUSED 10.0.0.11:22 (retrying)"]);
  });

  it("keeps polling a slow node: each run is cut at its timeout and recorded as unreachable", async () => {
    const { seen, sink, pollMs } = recorder();
    let calls = 0;
    const slow = (signal?: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        calls += 1;
        const timer = setTimeout(() => resolve(FACTS), 5_000);
        signal?.addEventListener(
          "abort",
          () => (clearTimeout(timer), reject(new Error("aborted: too slow"))),
          { once: true },
        );
      });
    const poller = startNodePoller(target, fakePool({ facts: slow, socket: answer }), sink, timing);
    await sleep(450);
    await poller.stop();
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((o) => !o.reachable && /too slow/.test(o.error ?? ""))).toBe(true);
    // Its poll durations (for /api/metrics) are the time it took to give up (the last one cut by stop).
    expect(pollMs).toEqual(seen.map(() => expect.any(Number)));
    expect(pollMs.slice(0, -1).every((ms) => (ms ?? 0) >= timing.timeoutMs - 5)).toBe(true);
  });

  it("keeps polling a node that answers garbage, and never throws out of the loop", async () => {
    const { seen, sink } = recorder();
    const poller = startNodePoller(
      target,
      fakePool({ facts: async () => "\u0000\u00ff garbage\n@@ip\n{{{", socket: async () => "}}} not csv" }),
      sink,
      timing,
    );
    await sleep(350);
    await poller.stop();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((o) => o.reachable === false && typeof o.error === "string")).toBe(true);
  });

  it("shows HAProxy down, with the reason, when the admin socket is missing", async () => {
    const { seen, sink } = recorder();
    const noSocket = (path: string) =>
      path.includes("admin")
        ? Promise.reject(new Error("open /run/haproxy/admin.sock: No such file or directory"))
        : answer(path);
    const poller = startNodePoller(
      target,
      fakePool({ facts: async () => FACTS, socket: noSocket }),
      sink,
      timing,
    );
    await sleep(250);
    await poller.stop();
    expect(seen[0]).toMatchObject({
      reachable: true,
      haproxy: { running: false, servers: [], masterPid: 8092 },
    });
    expect(seen[0]?.haproxy?.error).toMatch(/No such file/);
  });
});

/**
 * The alert lab tests' harness: a database of the test's own with only the test pair registered, the
 * poller and the alerting agents running in this process (as the agents process runs them), a webhook
 * receiver on 127.0.0.1 that checks the HMAC signature, and an `ip monitor` watch inside a node's
 * namespace that stamps the moment a VIP appears there.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll } from "vitest";
import { createServer, type Server } from "node:http";
import { resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { labNode, requireInventory, testPair, until, vipHolders } from "@/e2e/lab/control";
import { sleep } from "@/e2e/lab/sh";
import { labPairDefinition } from "@/e2e/lab/register";
import { signature, SIGNATURE_HEADER, type AlertMessage } from "@/lib/notify/message";
import { freshDatabaseFile, openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import { errorMessage } from "@/lib/error-message";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { alertingSchema, type AlertingSettings } from "@/lib/cluster/schema/alerting";

export interface ReceivedPage {
  at: number;
  message: AlertMessage;
}

export const HMAC_SECRET = "lab-test-hmac-secret-0123456789";

export { sleep, until };

/**
 * Webhook receiver on loopback: every page with the time it arrived; refuses a bad signature. While
 * `failWith` is set it answers every page with that status (counted in `refused`, not in `pages`).
 */
export interface Receiver {
  url: string;
  pages: ReceivedPage[];
  refused: ReceivedPage[];
  bad: number;
  failWith: number | null;
  server: Server;
}

export async function startReceiver(): Promise<Receiver> {
  const state = {
    pages: [] as ReceivedPage[],
    refused: [] as ReceivedPage[],
    bad: 0,
    failWith: null as number | null,
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString("utf8");
      if (request.headers[SIGNATURE_HEADER] !== signature(body, HMAC_SECRET)) {
        state.bad += 1;
        response.writeHead(401).end("bad signature");
        return;
      }
      const page = { at, message: JSON.parse(body) as AlertMessage };
      if (state.failWith !== null) {
        state.refused.push(page);
        response.writeHead(state.failWith).end("failing on purpose");
        return;
      }
      state.pages.push(page);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    server,
    get pages() {
      return state.pages;
    },
    get refused() {
      return state.refused;
    },
    get failWith() {
      return state.failWith;
    },
    set failWith(status: number | null) {
      state.failWith = status;
    },
    get bad() {
      return state.bad;
    },
  };
}

/** A `definition` change for `startAlertLab`: these alert holds (seconds), the rest as defined. */
export function withHolds(hold: Partial<AlertingSettings["hold"]>) {
  return (definition: ClusterDefinition): ClusterDefinition => ({
    ...definition,
    alerting: alertingSchema.parse({
      ...definition.alerting,
      hold: { ...definition.alerting?.hold, ...hold },
    }),
  });
}

/** Stamps (this process's clock) each time `vip` is added inside the node's network namespace. */
export function watchVipAdded(nodeName: string, vip: string): { added: number[]; stop(): void } {
  const child = spawn("ip", ["-n", labNode(nodeName).namespace, "-o", "monitor", "address"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const added: number[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const now = Date.now();
    buffer += chunk.toString("utf8");
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines)
      if (!line.startsWith("Deleted") && line.includes(` inet ${vip}/`)) added.push(now);
  });
  return { added, stop: () => child.kill() };
}

/** A receiver on loopback, saved as the webhook channel `name` (HMAC signed): every page goes to it. */
export async function startPager(db: Database, name: string): Promise<Receiver> {
  const receiver = await startReceiver();
  const { saveChannel } = await import("@/lib/store/notification-channels");
  const channel = await saveChannel(
    db,
    { kind: "webhook", name, enabled: true, url: receiver.url, hmacSecret: HMAC_SECRET },
    "test",
  );
  if (!channel.ok) throw new Error(channel.issues.map((i) => i.message).join("; "));
  return receiver;
}

/**
 * `backoff`: the SSH reconnect policy (default: quick, for tests that do not measure reconnects);
 * `definition`: changes to the pair's definition before it is saved (alerting holds, no pinned keys).
 */
export async function startAlertLab(
  file: string,
  options: {
    backoff?: import("@/lib/ssh/backoff").BackoffPolicy;
    definition?: (definition: ClusterDefinition) => ClusterDefinition;
  } = {},
) {
  const pair = testPair();
  const [master, backup] = pair.nodes;
  if (!master || !backup) throw new Error(`pair ${pair.name} has no two nodes`);
  freshDatabaseFile(resolve("data", `test-${file}-${pair.name}.db`));
  // The webhook receiver runs in this process on loopback; the lab's own addresses never receive pages.
  process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32";
  const db = await openMigratedDatabase();
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const { createSshPool } = await import("@/lib/ssh");
  const { startPollerService } = await import("@/agents/poller/poller-service");
  const { startAlerting } = await import("@/agents/alerting/service");

  const definition = labPairDefinition(requireInventory(), pair);
  const saved = await saveClusterRevision(db, options.definition?.(definition) ?? definition, "test");
  if (!saved.ok) throw new Error(saved.issues.map((i) => i.message).join("; "));
  const receiver = await startPager(db, "lab receiver");
  const pool = createSshPool({ backoff: options.backoff ?? { baseMs: 200, maxMs: 2_000 } });
  const { evaluator, notifier } = startAlerting(db);
  const loops = [
    startPollerService(db, pool, { onStateChange: () => evaluator.trigger() }),
    evaluator,
    notifier,
  ];

  const lab = {
    db,
    pair,
    master: master.name,
    backup: backup.name,
    clusterId: saved.clusterId,
    receiver,
    /** Pages received since `from` (epoch ms), optionally of one rule. */
    pagesSince(from: number, rule?: string) {
      return receiver.pages.filter((p) => p.at >= from && (rule === undefined || p.message.rule === rule));
    },
    firing: () => db.alertIncident.findMany({ where: { state: "firing" } }),
    /** The pair as it should be between tests: the VIP on its master only, nothing firing but flapping (the tests move the VIP on purpose). */
    async settled(timeoutMs = 60_000) {
      await until(
        `VIP on ${master.name} only`,
        timeoutMs,
        () => (JSON.stringify(vipHolders(pair)) === JSON.stringify([master.name]) ? true : null),
        200,
      );
      const open = () =>
        db.alertIncident.findMany({
          where: { state: { in: ["firing", "pending"] }, rule: { not: "flapping" } },
        });
      await until(
        "no alert firing or pending",
        timeoutMs,
        async () => ((await open()).length === 0 ? true : null),
        200,
      ).catch(async (error: unknown) => {
        throw new Error(
          `${errorMessage(error)}: ${(await open()).map((i) => `${i.state} ${i.rule} ${i.key}`).join(", ")}`,
        );
      });
    },
    async stop() {
      await Promise.allSettled(loops.map((loop) => loop.stop()));
      pool.closeAll();
      receiver.server.close();
      await db.$disconnect();
    },
  };
  return lab;
}

export type AlertLab = Awaited<ReturnType<typeof startAlertLab>>;

/** An alert lab test's set-up (started and settled) and tear-down. The lab, once set up. */
export function useAlertLab(file: string, options: Parameters<typeof startAlertLab>[1] = {}): () => AlertLab {
  let lab: AlertLab | undefined;
  beforeAll(async () => {
    lab = await startAlertLab(file, options);
    await lab.settled();
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  }, 60_000);
  return () => {
    if (!lab) throw new Error("the alert lab is not set up");
    return lab;
  };
}

/** A loopback receiver saved as the webhook channel `name` for the test file's database; closed at the end. */
export function usePager(db: () => Database, name: string): () => Receiver {
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    receiver = await startPager(db(), name);
  });
  afterAll(() => {
    receiver?.server.close();
  });
  return () => {
    if (!receiver) throw new Error("the pager is not started");
    return receiver;
  };
}

/**
 * What is actually served: for each certificate hapair holds, each node's file (its leaf's SHA-256),
 * what each node's HAProxy holds (`show ssl cert`, SHA-1), and a TLS handshake (SNI: the certificate's
 * first DNS name) with every bind that names the file: through the VIP for VIP binds, at each node's
 * address for `*` binds. Written to the certificate row; the alert rules compare (lib/alerts/rules).
 */
import { connect } from "node:tls";
import { leafOf } from "@/lib/certificates/bundle";
import { parseShowSslCert, showSslCertCommand } from "@/lib/certificates/runtime-api";
import type { Served, ServedEntry } from "@/lib/certificates/types";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { deadline } from "@/lib/deadline";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import { recordServed } from "@/lib/store/certificates";
import { latestDefinitions } from "@/lib/store/revisions";
import { nodeTargetOrReason } from "../runtime/node-target";
import { SshCertificateNode, type CertificateNode } from "./node";

export const HANDSHAKE_TIMEOUT_MS = 5_000;
const CHECK_TIMEOUT_MS = 30_000;

/** The leaf's SHA-256 from a TLS handshake; never more than the handshake is read. */
export function handshakeFingerprint(
  host: string,
  port: number,
  servername: string | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      // An IP address is no SNI name (node refuses it as servername).
      ...(servername && !/^[\d.]+$/.test(servername) ? { servername } : {}),
      // What is served is the question, not whether this host trusts it.
      rejectUnauthorized: false,
      timeout: HANDSHAKE_TIMEOUT_MS,
    });
    // `timeout` above is idle time only: a server dripping bytes must not hold the check longer than this.
    const limit = setTimeout(
      () =>
        socket.destroy(new Error(`TLS handshake with ${host}:${port} took over ${HANDSHAKE_TIMEOUT_MS} ms`)),
      HANDSHAKE_TIMEOUT_MS,
    );
    socket.once("close", () => clearTimeout(limit));
    socket.once("secureConnect", () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.destroy();
      if (fingerprint) resolve(fingerprint);
      else reject(new Error("no certificate in the handshake"));
    });
    socket.once("timeout", () => socket.destroy(new Error(`TLS handshake with ${host}:${port} timed out`)));
    socket.once("error", reject);
  });
}

/** Where a handshake for the file goes: VIP binds once ("vip"), `*` binds at each node. */
export function handshakeTargets(
  definition: ClusterDefinition,
  path: string,
): { where: string; host: string; port: number }[] {
  const targets = new Map<string, { where: string; host: string; port: number }>();
  for (const frontend of definition.haproxy.frontends)
    for (const bind of frontend.binds) {
      if (bind.tls?.certificate !== path) continue;
      if (bind.address === "*")
        for (const node of definition.nodes)
          targets.set(`${node.name}:${bind.port}`, {
            where: node.name,
            host: node.ssh.host,
            port: bind.port,
          });
      else
        targets.set(`vip:${bind.address}:${bind.port}`, {
          where: "vip",
          host: bind.address,
          port: bind.port,
        });
    }
  return [...targets.values()];
}

async function settle(
  at: string,
  read: () => Promise<Omit<ServedEntry, "at"> | null>,
): Promise<ServedEntry | null> {
  try {
    const entry = await read();
    return entry ? { ...entry, at } : null;
  } catch (error) {
    return { error: errorMessage(error).slice(0, 300), at };
  }
}

/** One certificate on every node and bind. */
export async function servedFor(
  nodes: CertificateNode[],
  definition: ClusterDefinition,
  cert: { path: string; sni: string | undefined },
  now: Date,
  handshake: typeof handshakeFingerprint = handshakeFingerprint,
): Promise<Served> {
  const at = now.toISOString();
  const served: Served = {};
  const put = (where: string, via: string, entry: ServedEntry | null) => {
    if (entry) (served[where] ??= {})[via] = entry;
  };
  await Promise.all([
    ...nodes.map(async (node) => {
      put(
        node.name,
        "file",
        await settle(at, async () => {
          const text = await node.readFile(cert.path);
          if (text === null) return { error: "no such file" };
          const leaf = leafOf(text);
          return leaf
            ? { fingerprint: leaf.fingerprint256, notAfter: new Date(leaf.validTo).toISOString() }
            : { error: "no certificate in the file" };
        }),
      );
      put(
        node.name,
        "runtime",
        await settle(at, async () => {
          const held = parseShowSslCert(await node.runtime(showSslCertCommand(cert.path)));
          // Not loaded (no bind names it yet): nothing served, nothing to compare.
          return held ? { sha1: held.sha1, ...(held.notAfter ? { notAfter: held.notAfter } : {}) } : null;
        }),
      );
    }),
    ...handshakeTargets(definition, cert.path).map(async (target) =>
      put(
        target.where,
        "tls",
        await settle(at, async () => ({ fingerprint: await handshake(target.host, target.port, cert.sni) })),
      ),
    ),
  ]);
  return served;
}

/** Checks every certificate of every cluster that has no distribution job pending or running. */
export async function checkServedCertificates(
  db: Database,
  pool: SshPool,
  options: { clusterId?: string; signal?: AbortSignal; owns?: (clusterId: string) => boolean } = {},
): Promise<number> {
  const busy = new Set(
    (
      await db.certificateJob.findMany({
        where: { status: { in: ["pending", "running"] } },
        select: { clusterId: true },
      })
    ).map((j) => j.clusterId),
  );
  const rows = await db.certificate.findMany({
    where: options.clusterId ? { clusterId: options.clusterId } : {},
  });
  if (rows.length === 0) return 0;
  const clusters = await latestDefinitions(db);
  const { signal, release } = deadline(CHECK_TIMEOUT_MS, options.signal);
  let checked = 0;
  try {
    for (const cluster of clusters) {
      const certs = rows.filter((r) => r.clusterId === cluster.clusterId);
      if (certs.length === 0 || busy.has(cluster.clusterId)) continue;
      // Another agents process owns this cluster's checks (its lease).
      if (options.owns && !options.owns(cluster.clusterId)) continue;
      const pins = new Map(
        (await db.node.findMany({ where: { clusterId: cluster.clusterId } })).map((n) => [
          n.name,
          n.hostKeyFingerprint,
        ]),
      );
      const nodes = cluster.definition.nodes.flatMap((node) => {
        const target = nodeTargetOrReason(cluster.nodeIds[node.name], node, pins.get(node.name) ?? null);
        return typeof target === "string"
          ? []
          : [
              new SshCertificateNode(
                pool,
                node.name,
                target,
                cluster.definition.haproxy.global.statsSocket.path,
                signal,
              ),
            ];
      });
      for (const row of certs) {
        const sans = Array.isArray(row.sans)
          ? row.sans.filter((s): s is string => typeof s === "string")
          : [];
        const sni = sans.find((s) => !/^[\d.]+$/.test(s)) ?? /CN=([^,]+)/.exec(row.subject)?.[1];
        const now = new Date();
        await recordServed(
          db,
          row.id,
          await servedFor(nodes, cluster.definition, { path: row.path, sni }, now),
          now,
        );
        checked += 1;
      }
    }
  } finally {
    release();
  }
  return checked;
}

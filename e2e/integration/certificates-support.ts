/**
 * Shared by the certificate lab tests: throw-away certificates made with openssl (a CA and leaves
 * with a chosen lifetime), what a node's HAProxy holds and what the VIP serves, and the pair's
 * original certificate file kept and put back (file and HAProxy's memory) at the end.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { adminSocket, labExec, until, vipHolders } from "@/e2e/lab/control";
import type { InventoryPair } from "@/e2e/lab/inventory";
import { commitSslCertCommand, parseShowSslCert, setSslCertCommand } from "@/lib/certificates/runtime-api";
import { parseShowInfo } from "@/lib/probes/parse/haproxy-info";
import { parseShowProc } from "@/lib/probes/parse/master-proc";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { labTarget } from "./lab-targets";

export const CERT_PATH = "/etc/haproxy/certs/site.pem";

export interface TestCertificate {
  pem: string;
  sha1: string;
  fingerprint: string;
}

const dir = mkdtempSync(join(tmpdir(), "hapair-certs-"));
const openssl = (args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
const NEW_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
openssl([
  "req",
  "-x509",
  ...NEW_EC_KEY,
  "-keyout",
  "ca.key",
  "-out",
  "ca.pem",
  "-days",
  "3650",
  "-subj",
  "/CN=hapair lab test CA",
]);

let serial = 0;
/** A leaf for `name` valid for `days`, signed by the test CA: the bundle (leaf, CA, key). */
export function makeCertificate(name: string, days: number): TestCertificate {
  serial += 1;
  const base = `leaf-${serial}`;
  openssl(["req", ...NEW_EC_KEY, "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${name}`]);
  writeFileSync(join(dir, `${base}.ext`), `subjectAltName=DNS:${name}\nbasicConstraints=CA:FALSE\n`);
  openssl([
    "x509",
    "-req",
    "-in",
    `${base}.csr`,
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-set_serial",
    String(1000 + serial),
    "-out",
    `${base}.pem`,
    "-days",
    String(days),
    "-extfile",
    `${base}.ext`,
  ]);
  const read = (file: string) => readFileSync(join(dir, file), "utf8");
  const fingerprint = (algorithm: string) =>
    openssl(["x509", "-in", `${base}.pem`, "-noout", "-fingerprint", `-${algorithm}`])
      .toString()
      .split("=")[1]
      ?.trim() ?? "";
  return {
    pem: `${read(`${base}.pem`)}${read("ca.pem")}${read(`${base}.key`)}`,
    sha1: fingerprint("sha1").replaceAll(":", ""),
    fingerprint: fingerprint("sha256"),
  };
}

export function removeTestCertificates(): void {
  rmSync(dir, { recursive: true, force: true });
}

/** What the node's HAProxy holds for the path (SHA-1, uppercase hex). */
export function heldSha1(node: string): string | null {
  return parseShowSslCert(adminSocket(node, `show ssl cert ${CERT_PATH}`))?.sha1 ?? null;
}

/** The master's reload counter (show proc) and the worker pid (show info): a reload changes both. */
export function reloadCounters(node: string): { reloads: number; failed: number; workerPid: number | null } {
  const proc = parseShowProc(
    labExec(node, ["sh", "-c", 'echo "show proc" | socat stdio /run/haproxy-master.sock']).stdout,
  );
  return {
    reloads: proc.reloads,
    failed: proc.failedReloads,
    workerPid: parseShowInfo(adminSocket(node, "show info")).pid,
  };
}

/** A TLS handshake with the VIP from this host (lab address), SNI `servername`: the leaf's SHA-256. */
export function servedThroughVip(vip: string, servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: vip, port: 443, servername, rejectUnauthorized: false, timeout: 5_000 },
      () => {
        const fingerprint = socket.getPeerCertificate().fingerprint256;
        socket.end();
        resolve(fingerprint);
      },
    );
    socket.on("timeout", () => socket.destroy(new Error("TLS handshake timed out")));
    socket.on("error", reject);
  });
}

/** The node's file as the lab made it, to put back at the end. */
export function readCertFile(node: string): string {
  return labExec(node, ["cat", CERT_PATH]).stdout;
}

/** Puts the original back: the file, then HAProxy's memory (set + commit), so the pair is as it was. */
export async function restoreCertFile(pool: SshPool, node: string, text: string): Promise<void> {
  const target = labTarget(node);
  await pool.writeFileAtomic(target, CERT_PATH, text, { mode: 0o600 });
  await pool.socket(target, "/run/haproxy/admin.sock", setSslCertCommand(CERT_PATH, text), {
    shownAs: "set ssl cert",
  });
  await pool.socket(target, "/run/haproxy/admin.sock", commitSslCertCommand(CERT_PATH));
}

/** Replaces the file by hand, as an operator would (not through hapair), and makes that node's HAProxy take it. */
export async function replaceByHand(pool: SshPool, node: string, text: string): Promise<void> {
  await restoreCertFile(pool, node, text);
}

/**
 * Waits until the pair's MASTER has held the VIP alone for `steadyMs`: a load test must not start while
 * an earlier test's failback is still moving the VIP (that costs a few seconds of SYN retransmits).
 */
export async function steadyVip(pair: InventoryPair, steadyMs = 5_000): Promise<void> {
  const master = pair.nodes.find((node) => node.role === "MASTER")?.name;
  let since = Date.now();
  await until(
    `${pair.name}'s VIP held by ${master ?? "its master"} alone for ${steadyMs} ms`,
    60_000,
    () => {
      const holders = vipHolders(pair);
      if (holders.length !== 1 || holders[0] !== master) since = Date.now();
      return Date.now() - since >= steadyMs ? true : null;
    },
    200,
  );
}

/** Each node's certificate file as it is before a test changes it, for `putBackOriginals`. */
export function keepOriginals(nodes: string[]): Map<string, string> {
  return new Map(nodes.map((node) => [node, readCertFile(node)]));
}

/** Every node's original file and HAProxy certificate back; the job backups and `extraFiles` removed. */
export async function putBackOriginals(
  pool: SshPool,
  originals: Map<string, string>,
  extraFiles: string[] = [],
): Promise<void> {
  for (const [node, text] of originals) {
    await restoreCertFile(pool, node, text).catch((e: unknown) => console.error(e));
    labExec(node, ["sh", "-c", ["rm -f", `${CERT_PATH}.hapair-cert-*`, ...extraFiles].join(" ")]);
  }
}

/** The definition saved as the lab cluster in the test's own database; the cluster's id. */
export async function saveLabCluster(db: Database, definition: ClusterDefinition): Promise<string> {
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const saved = await saveClusterRevision(db, definition, "lab");
  if (!saved.ok) throw new Error(saved.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  return saved.clusterId;
}

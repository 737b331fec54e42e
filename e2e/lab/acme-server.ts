/**
 * The lab's ACME test server: Let's Encrypt's pebble (Debian package `pebble`) in the gateway namespace,
 * one per pair (ports offset by the pair's index, so tests on different pairs never share one), with
 * pebble-challtestsrv as its DNS server answering every A query with the pair's VIP. Pebble validates
 * HTTP-01 on port 80 of that address, from the gateway, which routes to every pair's subnet. Started and
 * stopped by a test, by PID (recorded under the lab's state folder, so a crashed test's leftovers are
 * stopped by the next start). Pebble's own HTTPS certificate comes from a throw-away CA made here; the
 * client trusts that CA file for pebble only.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { must, processAlive, run, sleep, startDetached, waitFor } from "./sh";
import { STATE_DIR } from "./state";
import { HOST_LINK, NAMESPACE_PREFIX } from "./topology";

export interface AcmeServer {
  /** The directory URL, reachable from the root namespace (where hapair's agents run). */
  directoryUrl: string;
  /** PEM of the CA that signed pebble's HTTPS certificate: trust it for this directory only. */
  tlsCaPem: string;
  /** Pebble's management API (issuer roots: `/roots/0`), over the same TLS. */
  managementUrl: string;
  pids: number[];
  stop(): Promise<void>;
}

const GATEWAY_NAMESPACE = `${NAMESPACE_PREFIX}gw`;
const NAME_PREFIX = "acme-pebble";

export interface AcmeServerOptions {
  /** The pair's index (lab = 1, lab-2 = 2, …): picks the ports. */
  pairIndex: number;
  /** The address every name resolves to (the pair's VIP). */
  resolveTo: string;
  /** Pebble's HTTP-01 port on that address (80 in production). */
  httpPort?: number;
}

export function acmeServerDir(pairIndex: number): string {
  return join(STATE_DIR, `${NAME_PREFIX}-${pairIndex}`);
}

export function acmePorts(pairIndex: number): {
  acme: number;
  management: number;
  dns: number;
  dnsManagement: number;
} {
  return {
    acme: 14_000 + pairIndex,
    management: 15_000 + pairIndex,
    dns: 18_000 + pairIndex,
    dnsManagement: 19_000 + pairIndex,
  };
}

function makeTlsCertificate(dir: string): void {
  const file = (name: string) => join(dir, name);
  must("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", file("tls-ca.key"), "-out", file("tls-ca.pem"), "-days", "30",
    "-subj", "/CN=hapair lab pebble TLS CA", "-addext", "basicConstraints=critical,CA:TRUE",
  ]); // prettier-ignore
  must("openssl", [
    "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", file("tls.key"), "-out", file("tls.csr"), "-subj", "/CN=pebble",
  ]); // prettier-ignore
  writeFileSync(
    file("tls.ext"),
    `subjectAltName=IP:${HOST_LINK.gatewayAddress},IP:127.0.0.1,DNS:localhost\n`,
  );
  must("openssl", [
    "x509", "-req", "-in", file("tls.csr"), "-CA", file("tls-ca.pem"), "-CAkey", file("tls-ca.key"),
    "-CAcreateserial", "-days", "30", "-extfile", file("tls.ext"), "-out", file("tls.pem"),
  ]); // prettier-ignore
}

/** Stops whatever a previous start for this pair left running (by the PIDs it recorded). */
export async function stopRecorded(pairIndex: number): Promise<void> {
  const pidsFile = join(acmeServerDir(pairIndex), "pids");
  if (!existsSync(pidsFile)) return;
  const pids = readFileSync(pidsFile, "utf8").split(/\s+/).filter(Boolean).map(Number);
  await stopPids(pids.filter((pid) => ownedByUs(pid, pairIndex)));
  rmSync(pidsFile, { force: true });
}

/** A recorded PID is ours only if it is still a pebble process started with this pair's folder or ports. */
function ownedByUs(pid: number, pairIndex: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.startsWith("pebble") && cmdline.includes(String(acmePorts(pairIndex).dns));
  } catch {
    return false;
  }
}

async function stopPids(pids: number[]): Promise<void> {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    const alive = pids.filter(processAlive);
    if (alive.length === 0) return;
    for (const pid of alive) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    }
    for (let i = 0; i < 20 && pids.some(processAlive); i++) await sleep(100);
  }
}

export async function startAcmeServer(options: AcmeServerOptions): Promise<AcmeServer> {
  const { pairIndex, resolveTo } = options;
  await stopRecorded(pairIndex);
  const dir = acmeServerDir(pairIndex);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  makeTlsCertificate(dir);
  const ports = acmePorts(pairIndex);
  const host = HOST_LINK.gatewayAddress;
  const config = {
    pebble: {
      listenAddress: `${host}:${ports.acme}`,
      managementListenAddress: `${host}:${ports.management}`,
      certificate: join(dir, "tls.pem"),
      privateKey: join(dir, "tls.key"),
      httpPort: options.httpPort ?? 80,
      tlsPort: 443,
      ocspResponderURL: "",
      externalAccountBindingRequired: false,
    },
  };
  writeFileSync(join(dir, "pebble-config.json"), JSON.stringify(config, null, 2));

  const log = openSync(join(dir, "pebble.log"), "a");
  const pids: number[] = [];
  try {
    // The DNS stand-in: every A query answers the VIP, no AAAA (an empty default), no challenge servers.
    pids.push(
      startDetached(
        "ip",
        [
          "netns", "exec", GATEWAY_NAMESPACE, "pebble-challtestsrv",
          "-defaultIPv4", resolveTo, "-defaultIPv6", "",
          "-dns01", `127.0.0.1:${ports.dns}`, "-management", `127.0.0.1:${ports.dnsManagement}`,
          "-http01", "", "-https01", "", "-tlsalpn01", "",
        ], // prettier-ignore
        log,
      ),
    );
    pids.push(
      startDetached(
        "env",
        [
          // No sleeps before validating, no random nonce rejection, no reuse of an earlier valid
          // authorization (a renewal proves control again).
          "PEBBLE_VA_NOSLEEP=1", "PEBBLE_WFE_NONCEREJECT=0", "PEBBLE_AUTHZREUSE=0",
          "ip", "netns", "exec", GATEWAY_NAMESPACE, "pebble",
          "-config", join(dir, "pebble-config.json"), "-dnsserver", `127.0.0.1:${ports.dns}`,
        ], // prettier-ignore
        log,
      ),
    );
  } finally {
    closeSync(log);
  }
  writeFileSync(join(dir, "pids"), `${pids.join("\n")}\n`);
  const stop = async () => {
    await stopPids(pids);
    rmSync(join(dir, "pids"), { force: true });
  };
  const tlsCaPem = readFileSync(join(dir, "tls-ca.pem"), "utf8");
  const directoryUrl = `https://${host}:${ports.acme}/dir`;
  try {
    await waitFor(
      "pebble's directory",
      () =>
        run("curl", ["-sf", "--max-time", "2", "--cacert", join(dir, "tls-ca.pem"), directoryUrl]).code === 0,
      20_000,
      250,
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${String(error)}; pebble's log: ${readFileSync(join(dir, "pebble.log"), "utf8").slice(-2000)}`,
    );
  }
  return { directoryUrl, tlsCaPem, managementUrl: `https://${host}:${ports.management}`, pids, stop };
}

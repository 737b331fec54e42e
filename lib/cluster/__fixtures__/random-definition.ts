/** Seeded generator of valid definitions, for checks against the real haproxy/keepalived and benchmarks. */
import type { ClusterDefinitionInput } from "../schema/definition";
import { BALANCE_ALGORITHMS, HTTP_METHODS } from "../schema/haproxy";

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomDefinition(seed: number, size: { backends?: number; servers?: number } = {}): ClusterDefinitionInput {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const net = `10.${int(0, 200)}.${int(0, 250)}`;
  const iface = pick(["eth0", "ens3", "bond0"]);
  const backupPriority = int(50, 150);
  const gap = int(1, 40);
  const vip = `${net}.${int(100, 200)}`;
  const backendCount = size.backends ?? int(1, 5);
  const serverCount = () => size.servers ?? int(1, 8);
  const backends = Array.from({ length: backendCount }, (_, b) => ({
    name: `be_${b}`,
    balance: pick(BALANCE_ALGORITHMS),
    ...(random() < 0.8 ? { healthCheck: { method: pick(HTTP_METHODS), path: pick(["/healthz", "/status", "/ping?x=1"]), expectStatus: pick([200, 204, 301]) } } : {}),
    ...(random() < 0.6 ? { defaultServer: { inter: `${int(1, 10)}s`, fall: int(1, 5), rise: int(1, 5), maxconn: int(10, 5000) } } : {}),
    servers: Array.from({ length: serverCount() }, (_, s) => ({
      name: `srv-${b}-${s}`,
      address: `10.${100 + (b % 100)}.${Math.floor(s / 250)}.${(s % 250) + 1}`,
      port: int(1024, 65000),
      check: random() < 0.9,
      ...(random() < 0.3 ? { weight: int(1, 256) } : {}),
      backup: random() < 0.1,
    })),
  }));
  const tls = random() < 0.5;
  return {
    name: `random-${seed}`,
    vips: [{ address: vip, prefix: 24, interface: iface }],
    vrrp: {
      virtualRouterId: int(1, 255),
      advertInt: int(1, 3),
      authPass: `p${int(1000, 9999)}`,
      mode: pick(["unicast", "multicast"] as const),
      nopreempt: random() < 0.3,
      trackScripts: [
        { name: "chk_haproxy", script: "/usr/bin/killall -0 haproxy", interval: int(1, 5), weight: -(gap + int(1, 50)), fall: int(1, 3), rise: int(1, 3) },
        ...(random() < 0.5 ? [{ name: "chk_gateway", script: `/bin/ping -c 1 -W 1 ${net}.1`, interval: 3, weight: random() < 0.5 ? 0 : -(gap + 5) }] : []),
      ],
    },
    nodes: [
      { name: "lb-a", address: `${net}.2`, ssh: { host: `${net}.2` }, role: "MASTER", priority: backupPriority + gap, routerId: "LB_A" },
      { name: "lb-b", address: `${net}.3`, ssh: { host: `${net}.3` }, role: "BACKUP", priority: backupPriority, routerId: "LB_B" },
    ],
    haproxy: {
      global: { maxconn: int(100, 9000), user: "haproxy", group: "haproxy", logs: [{ target: "/dev/log", facility: "local0" }] },
      defaults: { mode: "http", options: ["httplog", "dontlognull"], timeouts: { connect: `${int(1, 10)}s`, client: `${int(10, 90)}s`, server: `${int(10, 90)}s` }, retries: int(0, 5) },
      frontends: [
        {
          name: "fe_main",
          binds: [{ address: vip, port: 80 }, ...(tls ? [{ address: vip, port: 443, tls: { certificate: "/etc/haproxy/certs/site.pem", alpn: ["h2", "http/1.1"] as ("h2" | "http/1.1")[] } }] : [])],
          httpsRedirect: tls && random() < 0.7,
          defaultBackend: "be_0",
        },
      ],
      backends,
    },
  };
}

/** Namespaces, the bridge, veth links, addresses and routes of the lab. Each function is idempotent. */
import { must, run } from "./sh";
import { HOST_LINK, LAB_RANGE, LAB_ROUTE, NAMESPACE_PREFIX, SWITCH_NAMESPACE } from "./topology";

export function listLabNamespaces(): string[] {
  const out = run("ip", ["-j", "netns", "list"]).stdout.trim();
  const entries = out ? (JSON.parse(out) as { name: string }[]) : [];
  return entries.map((e) => e.name).filter((name) => name.startsWith(NAMESPACE_PREFIX));
}

export function ensureNamespace(namespace: string): void {
  if (!listLabNamespaces().includes(namespace)) must("ip", ["netns", "add", namespace]);
  must("ip", ["-n", namespace, "link", "set", "lo", "up"]);
}

function linkExists(namespace: string | null, name: string): boolean {
  const args = namespace ? ["-n", namespace, "link", "show", name] : ["link", "show", name];
  return run("ip", args).code === 0;
}

export function ensureSwitch(): void {
  ensureNamespace(SWITCH_NAMESPACE);
  if (!linkExists(SWITCH_NAMESPACE, "br0"))
    must("ip", ["-n", SWITCH_NAMESPACE, "link", "add", "br0", "type", "bridge"]);
  must("ip", ["-n", SWITCH_NAMESPACE, "link", "set", "br0", "up"]);
}

/** Plugs a host namespace into the bridge: its end is `eth0`, the switch end is `port`. */
export function ensureSwitchPort(
  namespace: string,
  port: string,
  addresses: string[],
  defaultGateway: string | null,
): void {
  ensureNamespace(namespace);
  if (!linkExists(namespace, "eth0")) {
    if (linkExists(SWITCH_NAMESPACE, port)) must("ip", ["-n", SWITCH_NAMESPACE, "link", "del", port]);
    must("ip", [
      "-n",
      SWITCH_NAMESPACE,
      "link",
      "add",
      port,
      "type",
      "veth",
      "peer",
      "name",
      "eth0",
      "netns",
      namespace,
    ]);
  }
  must("ip", ["-n", SWITCH_NAMESPACE, "link", "set", port, "master", "br0", "up"]);
  must("ip", ["-n", namespace, "link", "set", "eth0", "up"]);
  for (const address of addresses) must("ip", ["-n", namespace, "addr", "replace", address, "dev", "eth0"]);
  if (defaultGateway) must("ip", ["-n", namespace, "route", "replace", "default", "via", defaultGateway]);
}

export function setSysctl(namespace: string, key: string, value: string): void {
  must("ip", ["netns", "exec", namespace, "sysctl", "-qw", `${key}=${value}`]);
}

/** The point-to-point link from the root namespace to the gateway, and the route into the lab. */
export function ensureHostLink(gatewayNamespace: string): void {
  if (!linkExists(null, HOST_LINK.root)) {
    must("ip", [
      "link",
      "add",
      HOST_LINK.root,
      "type",
      "veth",
      "peer",
      "name",
      "uplink",
      "netns",
      gatewayNamespace,
    ]);
  }
  must("ip", ["addr", "replace", `${HOST_LINK.rootAddress}/${HOST_LINK.prefix}`, "dev", HOST_LINK.root]);
  must("ip", ["link", "set", HOST_LINK.root, "up"]);
  must("ip", [
    "-n",
    gatewayNamespace,
    "addr",
    "replace",
    `${HOST_LINK.gatewayAddress}/${HOST_LINK.prefix}`,
    "dev",
    "uplink",
  ]);
  must("ip", ["-n", gatewayNamespace, "link", "set", "uplink", "up"]);
  must("ip", ["route", "replace", LAB_ROUTE, "via", HOST_LINK.gatewayAddress, "dev", HOST_LINK.root]);
}

/** Keeps lab addresses from ever leaving by the default route while the lab is down or half-built. */
export function ensureGuardRoute(): void {
  must("ip", ["route", "replace", "unreachable", LAB_RANGE]);
}

export function removeGuardRoute(): void {
  run("ip", ["route", "del", "unreachable", LAB_RANGE]);
}

interface RouteEntry {
  dst: string;
  type?: string;
  dev?: string;
}

/** Routes of the machine itself that overlap the lab's range (ours excluded). */
export function conflictingRoutes(): string[] {
  const routes = JSON.parse(
    run("ip", ["-j", "route", "show", "table", "all"]).stdout || "[]",
  ) as RouteEntry[];
  return routes
    .filter((r) => r.dev !== HOST_LINK.root && !(r.type === "unreachable" && r.dst === LAB_RANGE))
    .filter((r) => overlapsLabRange(r.dst))
    .map((r) => `${r.dst}${r.dev ? ` dev ${r.dev}` : ""}`);
}

export function overlapsLabRange(dst: string): boolean {
  if (dst === "default" || !/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(dst)) return false;
  const [address = "", prefixText] = dst.split("/");
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const toInt = (a: string) => a.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const lab = toInt("10.0.0.0");
  const shorter = Math.min(prefix, 16);
  const mask = shorter === 0 ? 0 : (0xffffffff << (32 - shorter)) >>> 0;
  return (toInt(address) & mask) >>> 0 === (lab & mask) >>> 0;
}

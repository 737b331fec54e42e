/** `lab down`: removes every namespace, process, route and file the lab made, and nothing else. */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { listLabNamespaces, removeGuardRoute } from "./network";
import { killNamespaceProcesses } from "./processes";
import { run } from "./sh";
import { STATE_DIR, netnsEtc } from "./state";
import { HOST_LINK, NAMESPACE_PREFIX } from "./topology";

export async function labDown(log: (line: string) => void = () => {}): Promise<void> {
  const started = Date.now();
  const namespaces = listLabNamespaces();
  // Processes are found by namespace membership, never by name: other HAProxies on this machine are not ours.
  await Promise.all(namespaces.map((ns) => killNamespaceProcesses(ns)));
  for (const namespace of namespaces) run("ip", ["netns", "del", namespace]);
  if (run("ip", ["link", "show", HOST_LINK.root]).code === 0) run("ip", ["link", "del", HOST_LINK.root]);
  removeGuardRoute(); // last, so lab addresses were never routable to the outside meanwhile
  if (existsSync("/etc/netns")) {
    for (const entry of readdirSync("/etc/netns"))
      if (entry.startsWith(NAMESPACE_PREFIX)) rmSync(netnsEtc(entry), { recursive: true, force: true });
  }
  rmSync(STATE_DIR, { recursive: true, force: true });
  log(`lab down: removed ${namespaces.length} namespaces in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Looks at the lab from outside its nodes: who holds a VIP. */
import { run } from "./sh";

export function vipHolders(pair: { vip: string; nodes: { name: string; namespace: string }[] }): string[] {
  return pair.nodes
    .filter((node) => {
      const out = run("ip", ["-n", node.namespace, "-j", "addr", "show", "dev", "eth0"]);
      if (out.code !== 0) return false;
      const interfaces = JSON.parse(out.stdout || "[]") as { addr_info?: { local?: string }[] }[];
      return interfaces.some((i) => i.addr_info?.some((a) => a.local === pair.vip));
    })
    .map((node) => node.name);
}

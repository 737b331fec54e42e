/**
 * Which keepalived.conf changes make a reload (SIGHUP) restart VRRP instances instead of carrying their
 * state over. Pure. Measured on keepalived 2.2.7 in the lab (the master's VIP watched every 20 ms through
 * a SIGHUP): priority, advert_int, VIPs added, a track script removed, auth_pass, `state`, `nopreempt`
 * and even the instance's name keep the state (no VIP loss); a changed `virtual_router_id` makes it a
 * new instance, which starts as BACKUP: the master dropped its VIP 58 ms after the reload and took it
 * back only after the master-down time (3.6 s). keepalived carries an instance over when it finds one
 * on the same interface with the same VRID (and address family), so that is what is compared here.
 */

export interface KeepalivedReloadRisk {
  /** Some instance will be started anew by the reload: its node leaves MASTER for a while. */
  restartsInstances: boolean;
  reasons: string[];
}

interface VrrpInstance {
  name: string;
  vrid: string;
  interface: string;
  family: "ipv4" | "ipv6";
}

/** Comments (`#` or `!` to the end of the line) out, braces as their own tokens. */
function tokens(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/[#!].*$/, ""))
    .join("\n")
    .replace(/[{}]/g, " $& ")
    .split(/\s+/)
    .filter(Boolean);
}

/** The vrrp_instance blocks with the keywords that identify them; nested blocks are skipped. */
export function vrrpInstances(text: string): VrrpInstance[] {
  const words = tokens(text);
  const instances: VrrpInstance[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] !== "vrrp_instance" || words[i + 2] !== "{") continue;
    const instance: VrrpInstance = { name: words[i + 1] ?? "", vrid: "", interface: "", family: "ipv4" };
    let depth = 0;
    let j = i + 2;
    for (; j < words.length; j++) {
      const word = words[j];
      if (word === "{") depth++;
      else if (word === "}" && --depth === 0) break;
      else if (depth === 1 && word === "virtual_router_id") instance.vrid = words[j + 1] ?? "";
      else if (depth === 1 && word === "interface") instance.interface = words[j + 1] ?? "";
      else if (depth === 1 && word === "native_ipv6") instance.family = "ipv6";
    }
    instances.push(instance);
    i = j;
  }
  return instances;
}

const identity = (i: VrrpInstance) => `${i.interface}/${i.vrid}/${i.family}`;
const described = (i: VrrpInstance) => `${i.name} (VRID ${i.vrid} on ${i.interface})`;

/** `before`: the file on the node (null: none, keepalived starts every instance anew anyway). */
export function keepalivedReloadRisk(before: string | null, after: string): KeepalivedReloadRisk {
  if (before === null || before === after) return { restartsInstances: false, reasons: [] };
  const old = vrrpInstances(before);
  const next = vrrpInstances(after);
  const oldIds = new Set(old.map(identity));
  const newIds = new Set(next.map(identity));
  const reasons: string[] = [];
  for (const instance of next) {
    if (oldIds.has(identity(instance))) continue;
    const was = old.find((o) => o.name === instance.name);
    reasons.push(
      was
        ? `${instance.name}: ${was.vrid !== instance.vrid ? `virtual_router_id ${was.vrid} → ${instance.vrid}` : was.interface !== instance.interface ? `interface ${was.interface} → ${instance.interface}` : "address family changed"}; keepalived restarts it on reload as a new instance, in BACKUP until the master-down time passes`
        : `${described(instance)} is new: it starts in BACKUP and waits out the master-down time`,
    );
  }
  for (const instance of old) {
    if (newIds.has(identity(instance)) || next.some((n) => n.name === instance.name)) continue;
    reasons.push(`${described(instance)} is removed: its VIPs go with the reload`);
  }
  return { restartsInstances: reasons.length > 0, reasons };
}

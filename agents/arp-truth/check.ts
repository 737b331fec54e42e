/**
 * One ARP truth check of one cluster over lib/ssh: each node's MAC on the VIP's interface, the peer's
 * `arping -c 1 -w 1 -I IF VIP` (the node not holding the VIP asks the segment who has it), and the
 * witness host's `ip neigh show VIP`. Every command is bounded in time and bytes; a failure is that
 * part's error in the reading, never an exception.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { nodeView } from "@/lib/cluster/node-view";
import { errorMessage } from "@/lib/error-message";
import {
  arpingArgv,
  macArgv,
  neighbourArgv,
  parseArpingReplies,
  parseMac,
  parseNeighbour,
} from "@/lib/probes/parse/arp";
import type { SshPool, SshTarget } from "@/lib/ssh";
import type { ArpTruth, ArpVipTruth } from "@/lib/status/arp-truth";

/** arping waits at most 1 s (-w 1); SSH on a loaded node adds the rest. */
export const ARP_COMMAND_TIMEOUT_MS = 5_000;
const MAX_OUTPUT_BYTES = 16 * 1024;

export interface ArpCheckInput {
  clusterId: string;
  definition: ClusterDefinition;
  /** Each node's SSH target, or why there is none. */
  targets: Record<string, SshTarget | string>;
  /** Per VIP: the node holding it now (null: none or both) and since when. */
  holders: Record<string, { holder: string | null; movedAt: number | null }>;
  signal: AbortSignal;
  now?: () => Date;
}

export function witnessTarget(clusterId: string, definition: ClusterDefinition): SshTarget | null {
  const witness = definition.arpCheck?.witness;
  if (!witness) return null;
  return {
    id: `arp-witness:${clusterId}`,
    host: witness.host,
    port: witness.port,
    username: witness.user,
    identityFile: witness.identityFile,
    pinnedHostKey: witness.hostKeyFingerprint,
    useSudo: false,
    runtimeApi: "socat",
  };
}

export async function checkArpTruth(pool: SshPool, input: ArpCheckInput): Promise<ArpTruth> {
  const { definition, targets, signal } = input;
  const run = (target: SshTarget | string, argv: string[]) => {
    if (typeof target === "string") return Promise.reject(new Error(target));
    return pool.exec(target, argv, {
      signal,
      timeoutMs: ARP_COMMAND_TIMEOUT_MS,
      allowExitCodes: [0, 1],
      maxOutputBytes: MAX_OUTPUT_BYTES,
    });
  };
  // Each node's own NIC name for a VIP (its overrides), the first VIP's for its MAC.
  const vipInterface = (node: string, index: number) => {
    const def = definition.nodes.find((n) => n.name === node);
    return (
      (def && nodeView(definition, def).vips[index]?.interface) ?? definition.vips[index]?.interface ?? "eth0"
    );
  };
  const macs: Record<string, string | null> = {};
  await Promise.all(
    definition.nodes.map(async (node) => {
      const target = targets[node.name] ?? "no target";
      macs[node.name] = await run(target, macArgv(vipInterface(node.name, 0)))
        .then((out) => parseMac(out.stdout))
        .catch(() => null);
    }),
  );
  const witness = witnessTarget(input.clusterId, definition);
  const vips: ArpVipTruth[] = await Promise.all(
    definition.vips.map(async (vip, index): Promise<ArpVipTruth> => {
      const { holder, movedAt } = input.holders[vip.address] ?? { holder: null, movedAt: null };
      const peerNode = holder ? definition.nodes.find((n) => n.name !== holder) : undefined;
      const [peer, seen] = await Promise.all([
        peerNode
          ? run(
              targets[peerNode.name] ?? "no target",
              arpingArgv(vipInterface(peerNode.name, index), vip.address),
            )
              .then((out) => ({ node: peerNode.name, macs: parseArpingReplies(out.stdout, vip.address) }))
              .catch((error: unknown) => ({ node: peerNode.name, error: errorMessage(error) }))
          : Promise.resolve(null),
        witness
          ? run(witness, neighbourArgv(vip.address))
              .then((out) => ({ host: witness.host, entry: parseNeighbour(out.stdout, vip.address) }))
              .catch((error: unknown) => ({ host: witness.host, error: errorMessage(error) }))
          : Promise.resolve(null),
      ]);
      return { vip: vip.address, holder, movedAt, peer, witness: seen };
    }),
  );
  return {
    at: (input.now?.() ?? new Date()).toISOString(),
    macs,
    vips,
    staleAfterMs: (definition.arpCheck?.staleAfterSeconds ?? 15) * 1000,
  };
}

/**
 * Registers every pair of the running lab as a hapair cluster (idempotent: an unchanged definition
 * adds no revision). Host keys come from the lab itself, which knows them, so they are pinned.
 */
import { readInventory } from "@/e2e/lab/inventory";
import { parseClusterDefinition } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { saveClusterRevision } from "@/lib/store/revisions";

async function main(): Promise<void> {
  const inventory = readInventory();
  if (!inventory) throw new Error("the lab is not up: run `npm run lab -- up` first");
  await migrateDatabase();
  for (const pair of inventory.pairs) {
    const parsed = parseClusterDefinition({
      name: pair.name,
      vips: [{ address: pair.vip, prefix: pair.vipPrefix, interface: pair.vipInterface }],
      vrrp: { virtualRouterId: pair.vrid },
      nodes: pair.nodes.map((node) => ({
        name: node.name,
        ssh: { host: node.address, port: node.sshPort, user: node.sshUser, identityFile: inventory.keyPath },
        role: node.role,
        priority: node.priority,
        routerId: node.routerId,
        hostKeyFingerprint: node.hostKeyFingerprint,
      })),
      paths: { certificates: ["/etc/haproxy/certs/site.pem"] },
    });
    if (!parsed.ok) throw new Error(`lab pair ${pair.name} is not a valid definition: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    const saved = await saveClusterRevision(db, parsed.definition, "lab", "registered from the lab inventory");
    console.log(`[register-lab] ${pair.name}: revision ${saved.number}${saved.created ? " (new)" : " (unchanged)"}`);
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(`[register-lab] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

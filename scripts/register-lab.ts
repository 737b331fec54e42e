/**
 * Registers every pair of the running lab as a hapair cluster the way a team adopts an existing pair:
 * by importing the files deployed on its nodes (the article's configs), then adding how to reach the
 * nodes. Idempotent: an unchanged definition adds no revision. Host keys come from the lab itself,
 * which knows them, so they are pinned.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readInventory } from "@/e2e/lab/inventory";
import { netnsEtc } from "@/e2e/lab/state";
import { validateDefinition } from "@/lib/cluster/definition";
import { importPair } from "@/lib/cluster/import/import-pair";
import { db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { saveClusterRevision } from "@/lib/store/revisions";

async function main(): Promise<void> {
  const inventory = readInventory();
  if (!inventory) throw new Error("the lab is not up: run `npm run lab -- up` first");
  await migrateDatabase();
  for (const pair of inventory.pairs) {
    const [first, second] = pair.nodes;
    if (!first || !second) continue;
    const etc = (namespace: string, file: string) => readFileSync(join(netnsEtc(namespace), file), "utf8");
    const imported = importPair({
      name: pair.name,
      haproxyCfg: etc(first.namespace, "haproxy/haproxy.cfg"),
      keepalived: [first, second].map((node) => ({ node: node.name, text: etc(node.namespace, "keepalived/keepalived.conf") })) as [{ node: string; text: string }, { node: string; text: string }],
      addresses: Object.fromEntries(pair.nodes.map((node) => [node.name, node.address])),
    });
    const definition = {
      ...imported.definition,
      nodes: imported.definition.nodes.map((node, i) => {
        const labNode = pair.nodes[i];
        return { ...node, ssh: { host: labNode?.address ?? node.address, port: labNode?.sshPort, user: labNode?.sshUser, identityFile: inventory.keyPath }, hostKeyFingerprint: labNode?.hostKeyFingerprint };
      }),
    };
    const parsed = validateDefinition(definition);
    if (!parsed.ok) throw new Error(`lab pair ${pair.name} is not a valid definition: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    const saved = await saveClusterRevision(db, parsed.definition, "lab", "imported from the lab nodes' files");
    if (!saved.ok) throw new Error(`lab pair ${pair.name}: ${saved.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    console.log(`[register-lab] ${pair.name}: revision ${saved.number}${saved.created ? " (new)" : " (unchanged)"}`);
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(`[register-lab] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

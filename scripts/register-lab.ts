/**
 * Registers every pair of the running lab as a hapair cluster the way a team adopts an existing pair:
 * by importing the files deployed on its nodes (the article's configs), then adding how to reach the
 * nodes. Idempotent: an unchanged definition adds no revision. Host keys come from the lab itself,
 * which knows them, so they are pinned.
 */
import { readInventory } from "@/e2e/lab/inventory";
import { labClusterDefinition } from "@/e2e/lab/lab-definition";
import { db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { saveClusterRevision } from "@/lib/store/revisions";

async function main(): Promise<void> {
  const inventory = readInventory();
  if (!inventory) throw new Error("the lab is not up: run `npm run lab -- up` first");
  await migrateDatabase();
  for (const pair of inventory.pairs) {
    const definition = labClusterDefinition(pair, inventory);
    if (!definition) continue;
    const saved = await saveClusterRevision(db, definition, "lab", "imported from the lab nodes' files");
    if (!saved.ok) throw new Error(`lab pair ${pair.name}: ${saved.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    console.log(`[register-lab] ${pair.name}: revision ${saved.number}${saved.created ? " (new)" : " (unchanged)"}`);
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(`[register-lab] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

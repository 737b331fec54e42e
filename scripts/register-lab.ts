/**
 * Registers every pair of the running lab as a hapair cluster (see e2e/lab/register.ts). Idempotent:
 * an unchanged definition adds no revision. A pair's ARP witness, where the lab has one, is its `arpCheck` witness. `register-lab.ts [PAIR…]` registers only the pairs named.
 */
import { readInventory } from "@/e2e/lab/inventory";
import { labPairDefinition, withLabWitness } from "@/e2e/lab/register";
import { db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { saveClusterRevision } from "@/lib/store/revisions";
import { errorMessage } from "@/lib/error-message";

async function main(): Promise<void> {
  const inventory = readInventory();
  if (!inventory) throw new Error("the lab is not up: run `npm run lab -- up` first");
  await migrateDatabase();
  const only = process.argv.slice(2);
  for (const pair of inventory.pairs.filter((p) => only.length === 0 || only.includes(p.name))) {
    const saved = await saveClusterRevision(
      db,
      // With the pair's ARP witness where the lab has one (`lab up` starts it): the page's ARP reading.
      pair.witness
        ? withLabWitness(labPairDefinition(inventory, pair), inventory, pair.witness)
        : labPairDefinition(inventory, pair),
      "lab",
      "imported from the lab nodes' files",
    );
    if (!saved.ok)
      throw new Error(
        `lab pair ${pair.name}: ${saved.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      );
    console.log(
      `[register-lab] ${pair.name}: revision ${saved.number}${saved.created ? " (new)" : " (unchanged)"}`,
    );
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(`[register-lab] ${errorMessage(error)}`);
  process.exit(1);
});

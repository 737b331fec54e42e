/** Regenerates schema/hapair-cluster.schema.json from the zod schema: `npx tsx scripts/write-json-schema.ts`. */
import { writeFileSync } from "node:fs";
import { clusterJsonSchema } from "@/lib/cluster/json-schema";
import { SCHEMA_FILE } from "@/lib/cluster/yaml";

writeFileSync(SCHEMA_FILE, `${JSON.stringify(clusterJsonSchema(), null, 2)}\n`);
console.log(`wrote ${SCHEMA_FILE}`);

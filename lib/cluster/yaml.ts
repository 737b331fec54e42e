/**
 * The cluster file format: YAML of the definition, for people who keep clusters in git. Parsing is
 * bounded (size, aliases) so a hostile file cannot exhaust memory. Pure.
 */
import { parse, stringify } from "yaml";
import type { ClusterDefinition } from "./schema/definition";
import type { FieldIssue } from "./rules/types";

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const SCHEMA_FILE = "schema/hapair-cluster.schema.json";

export function definitionToYaml(definition: ClusterDefinition, header = ""): string {
  const comment = [`# hapair cluster definition. Validate: npx hapair validate FILE; JSON Schema: ${SCHEMA_FILE}`, ...(header ? [`# ${header}`] : [])].join("\n");
  return `${comment}\n${stringify(definition, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export function parseYamlDocument(text: string): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  if (Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) return { ok: false, issues: [{ path: "(file)", message: `larger than ${MAX_FILE_BYTES} bytes` }] };
  try {
    return { ok: true, value: parse(text, { maxAliasCount: 100, prettyErrors: true, uniqueKeys: true }) };
  } catch (error) {
    return { ok: false, issues: [{ path: "(file)", message: `not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` }] };
  }
}

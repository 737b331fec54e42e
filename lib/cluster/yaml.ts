/**
 * The cluster file format: YAML of the definition, for people who keep clusters in git. Parsing is
 * bounded (size, aliases) so a hostile file cannot exhaust memory. Pure, and runs in the browser
 * too (the editor's YAML tab), so no Node-only APIs here.
 */
import { isNode, LineCounter, parse, parseDocument, stringify } from "yaml";
import type { ClusterDefinition, ClusterDefinitionInput } from "./schema/definition";
import type { FieldIssue } from "./rules/types";

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const SCHEMA_FILE = "schema/hapair-cluster.schema.json";

/** Accepts a draft too (the editor's YAML tab shows what is being edited, valid or not). */
export function definitionToYaml(
  definition: ClusterDefinition | ClusterDefinitionInput | Record<string, unknown>,
  header = "",
): string {
  const comment = [
    `# hapair cluster definition. Validate: npx hapair validate FILE; JSON Schema: ${SCHEMA_FILE}`,
    ...(header ? [`# ${header}`] : []),
  ].join("\n");
  return `${comment}\n${stringify(definition, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function parseYamlDocument(
  text: string,
): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  if (byteLength(text) > MAX_FILE_BYTES)
    return { ok: false, issues: [{ path: "(file)", message: `larger than ${MAX_FILE_BYTES} bytes` }] };
  try {
    return { ok: true, value: parse(text, { maxAliasCount: 100, prettyErrors: true, uniqueKeys: true }) };
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          path: "(file)",
          message: `not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        },
      ],
    };
  }
}

/**
 * The 1-based line of each field path in a YAML text (the line of the deepest node that exists on
 * the path), so an issue such as `haproxy.defaults.timeouts.client` can point at its line.
 */
export function yamlLines(text: string, paths: readonly string[]): Map<string, number> {
  const lines = new Map<string, number>();
  if (byteLength(text) > MAX_FILE_BYTES) return lines;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (document.errors.length > 0) return lines;
  for (const path of paths) {
    const keys = path.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    for (let depth = keys.length; depth > 0; depth--) {
      const node = document.getIn(keys.slice(0, depth), true);
      if (isNode(node) && node.range) {
        lines.set(path, lineCounter.linePos(node.range[0]).line);
        break;
      }
    }
  }
  return lines;
}

/** Reads a cluster YAML file and validates it, reporting issues the same way for every command. */
import { validateDefinition, type ValidationContext, type ValidationResult } from "@/lib/cluster/definition";
import { MAX_FILE_BYTES, parseYamlDocument } from "@/lib/cluster/yaml";
import type { CliIo } from "./io";

export function loadDefinitionFile(io: CliIo, path: string, context?: ValidationContext): ValidationResult {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    return { ok: false, issues: [{ path: "(file)", message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` }], warnings: [] };
  }
  if (text.length > MAX_FILE_BYTES) return { ok: false, issues: [{ path: "(file)", message: `larger than ${MAX_FILE_BYTES} bytes` }], warnings: [] };
  const document = parseYamlDocument(text);
  return document.ok ? validateDefinition(document.value, context) : { ok: false, issues: document.issues, warnings: [] };
}

/** Reads a cluster YAML file, reporting unreadable or malformed files the same way for every command. */
import { validateDefinition, type FieldIssue, type ValidationResult } from "@/lib/cluster/definition";
import { parseYamlDocument } from "@/lib/cluster/yaml";
import type { CliIo } from "./io";
import { errorMessage } from "@/lib/error-message";

/** The file's document, not yet validated (parseYamlDocument bounds its size). */
export function readDefinitionDocument(
  io: CliIo,
  path: string,
): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  try {
    return parseYamlDocument(io.readFile(path));
  } catch (error) {
    return {
      ok: false,
      issues: [
        {
          path: "(file)",
          message: `cannot read ${path}: ${errorMessage(error)}`,
        },
      ],
    };
  }
}

export function loadDefinitionFile(io: CliIo, path: string): ValidationResult {
  const document = readDefinitionDocument(io, path);
  return document.ok
    ? validateDefinition(document.value)
    : { ok: false, issues: document.issues, warnings: [] };
}

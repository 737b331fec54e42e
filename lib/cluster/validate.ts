/**
 * The single entry point for checking a definition: schema first (field types, sizes, characters),
 * then the cross-field rules. Used by the HTTP API, the forms and the CLI alike. Pure.
 */
import type { z } from "zod";
import { haproxyIssues } from "./rules/haproxy";
import { peersIssues } from "./rules/peers";
import { keepalivedIssues } from "./rules/keepalived";
import { pairIssues, vipIssues, vridIssues } from "./rules/pair";
import { trackScriptIssues } from "./rules/track-scripts";
import { NO_CONTEXT, type FieldIssue, type ValidationContext } from "./rules/types";
import { definitionWarnings } from "./rules/warnings";
import { clusterDefinitionSchema, type ClusterDefinition } from "./schema/definition";

export type { FieldIssue, ValidationContext } from "./rules/types";

export type ValidationResult =
  | { ok: true; definition: ClusterDefinition; warnings: FieldIssue[] }
  | { ok: false; issues: FieldIssue[]; warnings: FieldIssue[] };

/** zod errors as field issues; an issue on the whole document is named "(document)". */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(document)",
    message: issue.message,
  }));
}

export function validateDefinition(
  input: unknown,
  context: ValidationContext = NO_CONTEXT,
): ValidationResult {
  const parsed = clusterDefinitionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error), warnings: [] };
  const definition = parsed.data;
  const issues = [
    ...pairIssues(definition),
    ...vipIssues(definition),
    ...vridIssues(definition, context),
    ...trackScriptIssues(definition),
    ...haproxyIssues(definition),
    ...peersIssues(definition),
    ...keepalivedIssues(definition),
  ];
  const warnings = definitionWarnings(definition);
  return issues.length === 0 ? { ok: true, definition, warnings } : { ok: false, issues, warnings };
}

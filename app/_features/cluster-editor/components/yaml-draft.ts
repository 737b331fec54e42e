/**
 * The YAML tab's text and the draft the form edits, kept in step. Pure: the editor holds the state.
 * The text the operator typed is kept (comments, order) as long as the form has not changed the
 * draft since; a text that does not parse to a mapping keeps the last good draft and blocks leaving
 * the tab, so switching never loses an edit.
 */
import type { FieldIssue } from "@/lib/cluster/definition";
import { definitionToYaml, parseYamlDocument } from "@/lib/cluster/yaml";

export type Draft = Record<string, unknown>;

export interface YamlState {
  text: string;
  /** The draft this text parsed to (or was written from). */
  draft: Draft;
  /** Why the text cannot be used (does not parse, too large, not a mapping); empty when it can. */
  issues: FieldIssue[];
}

export function isDraft(value: unknown): value is Draft {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Opening the tab: the operator's own text if it still describes the draft, else the draft as YAML. */
export function openYaml(previous: YamlState | null, draft: Draft): YamlState {
  if (previous && previous.draft === draft) return previous;
  return { text: definitionToYaml(draft), draft, issues: [] };
}

/** A keystroke in the YAML tab: the new state, and the draft to adopt when the text is usable. */
export function editYaml(previous: YamlState, text: string): YamlState {
  const parsed = parseYamlDocument(text);
  if (!parsed.ok) return { text, draft: previous.draft, issues: parsed.issues };
  if (!isDraft(parsed.value))
    return {
      text,
      draft: previous.draft,
      issues: [
        {
          path: "(file)",
          message:
            "the top level must be a mapping with the definition's fields (name, vips, vrrp, nodes, …)",
        },
      ],
    };
  return { text, draft: parsed.value, issues: [] };
}

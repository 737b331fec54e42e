/** Small text helpers shared by the renderers. Pure. */

export const INDENT = "    ";

/** A section: its header line, then each body line indented once. */
export function section(header: string, body: string[]): string {
  return [header, ...body.map((line) => INDENT + line)].join("\n");
}

/** A keepalived block `header {` … `}`; nested blocks come in pre-indented. */
export function block(header: string, body: string[]): string[] {
  return [`${header} {`, ...body.map((line) => INDENT + line), "}"];
}

export function joinSections(sections: string[]): string {
  return sections.join("\n\n") + "\n";
}

export function when<T>(condition: unknown, ...items: T[]): T[] {
  return condition ? items : [];
}

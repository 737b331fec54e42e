import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "@/lib/cluster/yaml";
import { editYaml, openYaml } from "./yaml-draft";

const draft = { name: "a", haproxy: { defaults: { timeouts: { client: "60s" } } } };

describe("the YAML tab and the form stay in step", () => {
  it("writes the draft as YAML when the tab opens", () => {
    const state = openYaml(null, draft);
    expect(state.text).toContain("client: 60s");
    expect(state.issues).toEqual([]);
  });

  it("keeps the operator's text (comments included) while the form has not changed the draft", () => {
    const edited = editYaml(openYaml(null, draft), "# mine\nname: b\n");
    expect(edited.draft).toEqual({ name: "b" });
    expect(openYaml(edited, edited.draft).text).toBe("# mine\nname: b\n");
    // After a form edit (a new draft object) the tab shows the form's version.
    expect(openYaml(edited, { name: "c" }).text).toContain("name: c");
  });

  it("keeps the last good draft and says why when the text cannot be used", () => {
    const start = openYaml(null, draft);
    for (const text of ["name: [a", "- a\n- b\n", "x".repeat(MAX_FILE_BYTES + 1), "a: 1\na: 2\n"]) {
      const state = editYaml(start, text);
      expect(state.draft).toBe(draft);
      expect(state.text).toBe(text);
      expect(state.issues.map((i) => i.path)).toEqual(["(file)"]);
    }
  });
});

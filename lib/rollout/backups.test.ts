import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { DEFAULT_KEEP_BACKUPS } from "@/lib/cluster/schema/rollout";
import { validateDefinition } from "@/lib/cluster/validate";
import { backupListArgv, backupsToPrune } from "./backups";
import { backupPath, candidateFiles } from "./files";

const CFG = "/etc/haproxy/haproxy.cfg";

describe("backupsToPrune", () => {
  it("keeps the newest N by rollout number (not by name order) and names the rest", () => {
    const listed = [3, 12, 1, 11, 2, 10].map((id) => backupPath(CFG, id));
    expect(backupsToPrune(CFG, listed, 3)).toEqual([3, 2, 1].map((id) => backupPath(CFG, id)));
    expect(backupsToPrune(CFG, listed, 6)).toEqual([]);
    expect(backupsToPrune(CFG, listed, 10)).toEqual([]);
  });

  it("never chooses candidates, partial copies, other files' backups or odd names", () => {
    const others = [
      ...candidateFiles(CFG, 1),
      `${backupPath(CFG, 2)}.partial`,
      backupPath("/etc/haproxy/haproxy.cfg.old", 3),
      `${CFG}.hapair-`,
      `${CFG}.hapair-07`,
      `${CFG}.hapair-4x`,
      `${CFG}.hapair-candidate-5`,
      CFG,
      "",
    ];
    const listed = [...others, backupPath(CFG, 8), backupPath(CFG, 9)];
    expect(backupsToPrune(CFG, listed, 1)).toEqual([backupPath(CFG, 8)]);
    expect(backupsToPrune(CFG, others, 0)).toEqual([]);
  });

  it("lists beside the file with its name escaped for find's -name", () => {
    expect(backupListArgv("/etc/x/a[1]*.cfg")).toEqual([
      "find",
      "/etc/x",
      "-maxdepth",
      "1",
      "-type",
      "f",
      "-name",
      "a\\[1\\]\\*.cfg.hapair-*",
    ]);
  });
});

describe("rollout.keepBackups in the definition", () => {
  it("is optional (10 when absent) and a whole number from 1 to 1000, with a field-level error otherwise", () => {
    const kept = (rollout: unknown) => {
      const result = validateDefinition({ ...articlePair, rollout });
      return result.ok ? (result.definition.rollout?.keepBackups ?? DEFAULT_KEEP_BACKUPS) : result.issues;
    };
    expect(kept(undefined)).toBe(10);
    expect(kept({})).toBe(10);
    expect(kept({ keepBackups: 3 })).toBe(3);
    for (const bad of [0, -1, 2.5, 1001, "3"])
      expect(kept({ keepBackups: bad })).toEqual([expect.objectContaining({ path: "rollout.keepBackups" })]);
  });
});

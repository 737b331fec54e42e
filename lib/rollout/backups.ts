/**
 * Which numbered backups (`FILE.hapair-<rollout>`, lib/rollout/files.ts; a certificate job's
 * `FILE.hapair-cert-<job>` with marker "hapair-cert") of a file to remove: all but the newest `keep` by number. Only exact backup names count: candidates, `.partial` copies
 * and other files in the folder are never chosen. Pure.
 */
import { posix } from "node:path";

export function backupsToPrune(
  path: string,
  listed: readonly string[],
  keep: number,
  marker = "hapair",
): string[] {
  const prefix = `${path}.${marker}-`;
  const numbered = listed.flatMap((file) => {
    if (!file.startsWith(prefix)) return [];
    const id = file.slice(prefix.length);
    return /^[1-9][0-9]{0,15}$/.test(id) ? [{ file, id: Number(id) }] : [];
  });
  return numbered
    .sort((a, b) => b.id - a.id)
    .slice(Math.max(0, keep))
    .map((b) => b.file);
}

/** `find` arguments listing the file's numbered backups beside it (its name escaped for `-name`). */
export function backupListArgv(path: string, marker = "hapair"): string[] {
  const pattern = `${posix.basename(path).replace(/[*?[\]\\]/g, "\\$&")}.${marker}-*`;
  return ["find", posix.dirname(path), "-maxdepth", "1", "-type", "f", "-name", pattern];
}

/**
 * Adopting the certificates a pair already uses: the `crt` files (or folders of PEMs) its binds
 * name become certificates hapair holds (source "import"), read from a node by the agents once the
 * imported cluster is saved. Pure: which paths, under which field, with which names.
 */
import type { FieldIssue } from "@/lib/cluster/definition";

/** At most this many PEM files are adopted from one `crt` folder (a folder is read once, listed first). */
export const MAX_ADOPTED_PER_FOLDER = 32;

interface BindsOwner {
  haproxy?: { frontends?: readonly { binds?: readonly { tls?: { certificate: string } }[] }[] };
}

/** Each path a bind names once, with the first bind's field path. */
export function bindCertificatePaths(definition: BindsOwner): { path: string; field: string }[] {
  const seen = new Map<string, string>();
  (definition.haproxy?.frontends ?? []).forEach((frontend, f) =>
    (frontend.binds ?? []).forEach((bind, b) => {
      const path = bind.tls?.certificate;
      if (path && !seen.has(path)) seen.set(path, `haproxy.frontends.${f}.binds.${b}.tls.certificate`);
    }),
  );
  return [...seen].map(([path, field]) => ({ path, field }));
}

/** What the import says about them: they will be read from the nodes and held once the cluster is saved. */
export function adoptionWarnings(definition: BindsOwner): FieldIssue[] {
  return bindCertificatePaths(definition).map(({ path, field }) => ({
    path: field,
    message: `${path} will be read from the nodes once the cluster is saved and held by hapair as certificate "${adoptedName(path)}" (a folder: each .pem in it); a file that is missing or unreadable then is a warning on the cluster, not a failure`,
  }));
}

/** The certificate's name from the file's: its base name without ".pem", made an identifier. */
export function adoptedName(path: string, taken: ReadonlySet<string> = new Set()): string {
  const base = path.replace(/\/+$/, "").split("/").pop() ?? "";
  const stem =
    base
      .replace(/\.(pem|crt)$/i, "")
      .replace(/[^A-Za-z0-9_.:-]/g, "-")
      .replace(/^[^A-Za-z0-9]+/, "")
      .slice(0, 56) || "certificate";
  let name = stem;
  for (let i = 2; taken.has(name); i++) name = `${stem}-${i}`;
  return name;
}

/** The PEM files a folder listing names (one name a line), sorted, capped. */
export function pemFilesOf(folder: string, listing: string): string[] {
  const dir = folder.replace(/\/+$/, "");
  return listing
    .split("\n")
    .map((line) => line.trim())
    .filter(
      (line) =>
        line.startsWith(`${dir}/`) && /\.pem$/i.test(line) && !line.slice(dir.length + 1).includes("/"),
    )
    .sort()
    .slice(0, MAX_ADOPTED_PER_FOLDER);
}

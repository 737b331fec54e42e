/**
 * The secrets inside a cluster definition (VRRP auth_pass, SSH private keys) live apart from it: the
 * stored definition holds only KEPT_SECRET where a secret is set, and the sealed values sit in a map
 * keyed by field. What the browser, the API, exports and the audit log see is that redacted form;
 * only the agents reveal it, to push configs and open SSH connections.
 */
import { isDeepStrictEqual } from "node:util";
import type { ClusterDefinition, FieldIssue } from "@/lib/cluster/definition";
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import { open, resealed, seal } from "./envelope";
import type { Keyring } from "./keyring";

/** Sealed values by storage key ("vrrp.authPass", "nodes.lb-01.ssh.privateKey"). */
export type SealedSecrets = Record<string, string>;

interface SecretSlot {
  /** Stable across reorderings: nodes are keyed by name. */
  key: string;
  /** Where the field is in the document, for error messages. */
  path: string;
  get(definition: ClusterDefinition): string | undefined;
  set(definition: ClusterDefinition, value: string | undefined): void;
}

function secretSlots(definition: ClusterDefinition): SecretSlot[] {
  return [
    {
      key: "vrrp.authPass",
      path: "vrrp.authPass",
      get: (d) => d.vrrp.authPass,
      set: (d, value) => void (d.vrrp.authPass = value),
    },
    ...definition.nodes.map((node, index): SecretSlot => ({
      key: `nodes.${node.name}.ssh.privateKey`,
      path: `nodes.${index}.ssh.privateKey`,
      get: (d) => d.nodes[index]?.ssh.privateKey,
      set: (d, value) => {
        const target = d.nodes[index];
        if (target) target.ssh.privateKey = value;
      },
    })),
  ];
}

/** The definition as anyone but the agents may see it: every set secret replaced by the marker. */
export function redactSecrets(definition: ClusterDefinition): ClusterDefinition {
  const copy = structuredClone(definition);
  for (const slot of secretSlots(copy)) if (slot.get(copy) !== undefined) slot.set(copy, KEPT_SECRET);
  return copy;
}

/** Fields that hold the marker instead of a value: a file with these cannot be rendered outside hapair. */
export function keptSecretPaths(definition: ClusterDefinition): string[] {
  return secretSlots(definition)
    .filter((slot) => slot.get(definition) === KEPT_SECRET)
    .map((slot) => slot.path);
}

export type SealOutcome =
  { ok: true; spec: ClusterDefinition; secrets: SealedSecrets } | { ok: false; issues: FieldIssue[] };

/**
 * Splits an incoming definition into its redacted form and sealed secrets. The marker keeps the
 * previous revision's value; an unchanged plain value keeps its previous sealing, so saving the same
 * definition twice stores nothing new.
 */
export function sealSecrets(
  incoming: ClusterDefinition,
  previous: SealedSecrets,
  keyring: Keyring,
): SealOutcome {
  const spec = structuredClone(incoming);
  const secrets: SealedSecrets = {};
  const issues: FieldIssue[] = [];
  for (const slot of secretSlots(spec)) {
    const value = slot.get(spec);
    if (value === undefined) continue;
    const before = previous[slot.key];
    if (value === KEPT_SECRET) {
      if (before) secrets[slot.key] = before;
      else issues.push({ path: slot.path, message: "no saved value to keep: enter the secret" });
    } else {
      secrets[slot.key] =
        before !== undefined && openOrNull(before, keyring) === value ? before : seal(value, keyring.current);
    }
    slot.set(spec, KEPT_SECRET);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, spec, secrets };
}

function openOrNull(sealed: string, keyring: Keyring): string | null {
  try {
    return open(sealed, keyring.all);
  } catch {
    return null;
  }
}

/** For the agents only: the definition with its secrets in clear. Throws when a value cannot be opened. */
export function revealSecrets(
  spec: ClusterDefinition,
  secrets: SealedSecrets,
  keyring: Keyring,
): ClusterDefinition {
  const copy = structuredClone(spec);
  for (const slot of secretSlots(copy)) {
    if (slot.get(copy) !== KEPT_SECRET) continue;
    const sealed = secrets[slot.key];
    if (!sealed) throw new Error(`${slot.path}: the secret is missing from the database`);
    slot.set(copy, open(sealed, keyring.all));
  }
  return copy;
}

/** Re-seals every value with the keyring's current key (key rotation). */
export function resealSecrets(secrets: SealedSecrets, keyring: Keyring): SealedSecrets {
  return Object.fromEntries(Object.entries(secrets).map(([key, sealed]) => [key, resealed(sealed, keyring)]));
}

export function sameStoredRevision(
  a: { spec: unknown; secrets: SealedSecrets },
  b: { spec: unknown; secrets: SealedSecrets },
): boolean {
  return isDeepStrictEqual(a.spec, b.spec) && isDeepStrictEqual(a.secrets, b.secrets);
}

/** The secrets column as stored (null in revisions saved before secrets were split out). */
export function storedSecrets(value: unknown): SealedSecrets {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

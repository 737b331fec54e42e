/**
 * The key that seals secrets at rest, kept outside the database: HAPAIR_SECRET_KEY (base64, 32 bytes)
 * if set, else a file (HAPAIR_SECRET_KEY_FILE, default secret.key beside the database file) generated on first use with
 * mode 0600. Keys retired by a rotation stay loadable (secret.key.retired-*) to open old values, and
 * HAPAIR_SECRET_KEY_PREVIOUS does the same for a key given by environment.
 */
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { dataFolder } from "@/lib/db/url";
import { secretKeyFrom, type SecretKey } from "./envelope";

export interface Keyring {
  /** Seals new values. */
  current: SecretKey;
  /** Every key that may open a stored value, current first. */
  all: SecretKey[];
}

export function secretKeyFile(): string {
  return process.env.HAPAIR_SECRET_KEY_FILE ?? join(dataFolder(), "secret.key");
}

function decodeKey(text: string, origin: string): SecretKey {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32)
    throw new Error(
      `${origin} must hold 32 bytes in base64 (openssl rand -base64 32), got ${key.length} bytes`,
    );
  return secretKeyFrom(key);
}

function readKeyFile(path: string): SecretKey {
  // A key others can read protects nothing: refuse it rather than run with it.
  // turbopackIgnore: this path is known only at run time; without it `next build` traces the whole project.
  if ((statSync(/* turbopackIgnore: true */ path).mode & 0o077) !== 0)
    throw new Error(`${path} is readable by group or others: chmod 600 it`);
  return decodeKey(readFileSync(/* turbopackIgnore: true */ path, "utf8"), path);
}

/** Writes a new random key file readable only by its owner; refuses to overwrite. */
export function createKeyFile(path: string): SecretKey {
  const text = `${randomBytes(32).toString("base64")}\n`;
  writeFileSync(/* turbopackIgnore: true */ path, text, { mode: 0o600, flag: "wx" });
  chmodSync(/* turbopackIgnore: true */ path, 0o600);
  return decodeKey(text, path);
}

function retiredKeys(path: string): SecretKey[] {
  const folder = dirname(path);
  const prefix = `${basename(path)}.retired-`;
  if (!existsSync(/* turbopackIgnore: true */ folder)) return [];
  return readdirSync(/* turbopackIgnore: true */ folder)
    .filter((entry) => entry.startsWith(prefix))
    .sort()
    .map((entry) => readKeyFile(join(folder, entry)));
}

export function loadKeyring(): Keyring {
  const fromEnv = process.env.HAPAIR_SECRET_KEY;
  if (fromEnv) {
    const previous = process.env.HAPAIR_SECRET_KEY_PREVIOUS;
    const current = decodeKey(fromEnv, "HAPAIR_SECRET_KEY");
    return {
      current,
      all: [current, ...(previous ? [decodeKey(previous, "HAPAIR_SECRET_KEY_PREVIOUS")] : [])],
    };
  }
  const path = secretKeyFile();
  const current = existsSync(/* turbopackIgnore: true */ path) ? readKeyFile(path) : createKeyFile(path);
  return { current, all: [current, ...retiredKeys(path)] };
}

/**
 * Rotation, step 1 and 3 (step 2 re-seals the database with the returned key): the new key is
 * written beside the old one, and only after every value is re-sealed does it take the old key's
 * name; the old key is kept as secret.key.retired-<id> so a crash in between loses nothing.
 */
export function stageNewKeyFile(): { next: SecretKey; commit(): void } {
  if (process.env.HAPAIR_SECRET_KEY)
    throw new Error(
      "the key comes from HAPAIR_SECRET_KEY: set the new key there with the old one in HAPAIR_SECRET_KEY_PREVIOUS, then run `hapair secrets reseal`",
    );
  const path = secretKeyFile();
  const nextPath = `${path}.next`;
  const next = existsSync(/* turbopackIgnore: true */ nextPath)
    ? readKeyFile(nextPath)
    : createKeyFile(nextPath);
  return {
    next,
    commit() {
      if (existsSync(/* turbopackIgnore: true */ path))
        renameSync(/* turbopackIgnore: true */ path, `${path}.retired-${readKeyFile(path).id}`);
      renameSync(/* turbopackIgnore: true */ nextPath, path);
    },
  };
}

/**
 * What putting a certificate on one node takes, through lib/ssh only: keep a backup of the old file,
 * write the new one atomically (SFTP temp file + rename) with the old file's owner and a mode no
 * wider than 0640, then hand it to HAProxy's runtime API (`set ssl cert` + `commit ssl cert`, no
 * reload) and read back what HAProxy holds; and undo both when the job fails elsewhere. The key
 * travels in the payload only; errors never show it.
 */
import { posix } from "node:path";
import {
  abortSslCertCommand,
  commitSslCertCommand,
  parseShowSslCert,
  readCommitReply,
  readSetReply,
  setSslCertCommand,
  showSslCertCommand,
  type LoadedCertificate,
} from "@/lib/certificates/runtime-api";
import { backupListArgv, backupsToPrune } from "@/lib/rollout/backups";
import type { SshPool, SshTarget } from "@/lib/ssh";

const FILE_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 10_000;
const ANY_EXIT = Array.from({ length: 256 }, (_, i) => i);
/** A bundle is a few kilobytes; a file much larger than the API's 64 KiB cap is not one to keep or serve. */
export const MAX_CERTIFICATE_FILE_BYTES = 256 * 1024;
/** Backups of a certificate file kept on each node (`FILE.hapair-cert-<job>`): the newest three jobs'. */
export const CERTIFICATE_BACKUPS_KEPT = 3;
const BACKUP_MARKER = "hapair-cert";

/** One node as a certificate job and the served check see it (SSH below; fakes in tests). */
export interface CertificateNode {
  readonly name: string;
  /** Mode, uid and gid of the file; null when there is none. */
  stat(path: string): Promise<{ mode: number; uid: number; gid: number } | null>;
  copy(from: string, to: string): Promise<void>;
  write(path: string, text: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  /** The file's text (at most MAX_CERTIFICATE_FILE_BYTES); null when there is none. */
  readFile(path: string): Promise<string | null>;
  remove(path: string): Promise<void>;
  /** Names of the files beside `path` whose names start with its name and `.MARKER-`. */
  listBackups(path: string, marker: string): Promise<string[]>;
  /** The regular files directly in a folder (full paths); null when `path` is no folder. */
  listFolder(path: string): Promise<string[] | null>;
  /** One runtime API command; `shownAs` is what an error shows instead (the payload holds the key). */
  runtime(command: string, shownAs?: string): Promise<string>;
}

export class SshCertificateNode implements CertificateNode {
  constructor(
    readonly pool: SshPool,
    readonly name: string,
    readonly target: SshTarget,
    readonly adminSocket: string,
    readonly signal: AbortSignal,
  ) {}

  private async run(argv: string[]): Promise<{ ok: boolean; output: string }> {
    const result = await this.pool.exec(this.target, argv, {
      signal: this.signal,
      timeoutMs: FILE_TIMEOUT_MS,
      allowExitCodes: ANY_EXIT,
    });
    return { ok: result.exitCode === 0, output: `${result.stdout}${result.stderr}`.trim() };
  }

  private async must(argv: string[]): Promise<void> {
    const result = await this.run(argv);
    if (!result.ok) throw new Error(`${argv[0]} on ${this.name}: ${result.output.slice(0, 300)}`);
  }

  async stat(path: string) {
    const result = await this.run(["stat", "-c", "%a:%u:%g", "--", path]);
    const match = /^([0-7]{3,4}):(\d+):(\d+)$/.exec(result.output);
    if (!result.ok || !match) return null;
    return { mode: parseInt(match[1] ?? "600", 8), uid: Number(match[2]), gid: Number(match[3]) };
  }

  copy(from: string, to: string) {
    return this.must(["cp", "-p", "--", from, to]);
  }

  async write(path: string, text: string, mode: number) {
    await this.must(["mkdir", "-p", "--", posix.dirname(path)]);
    await this.pool.writeFileAtomic(this.target, path, text, {
      mode,
      signal: this.signal,
      timeoutMs: FILE_TIMEOUT_MS,
    });
  }

  chown(path: string, uid: number, gid: number) {
    return this.must(["chown", `${uid}:${gid}`, "--", path]);
  }

  async readFile(path: string) {
    const data = await this.pool.readFile(this.target, path, {
      signal: this.signal,
      timeoutMs: FILE_TIMEOUT_MS,
      maxBytes: MAX_CERTIFICATE_FILE_BYTES,
    });
    return data?.toString("utf8") ?? null;
  }

  remove(path: string) {
    return this.must(["rm", "-f", "--", path]);
  }

  async listFolder(path: string) {
    if (!(await this.run(["test", "-d", path])).ok) return null;
    const result = await this.run(["find", path, "-mindepth", "1", "-maxdepth", "1", "-type", "f"]);
    if (!result.ok) throw new Error(`listing ${path} on ${this.name}: ${result.output.slice(0, 300)}`);
    return result.output.split("\n").filter((line) => line !== "");
  }

  async listBackups(path: string, marker: string) {
    const result = await this.run(backupListArgv(path, marker));
    if (!result.ok) throw new Error(`listing backups on ${this.name}: ${result.output.slice(0, 300)}`);
    return result.output.split("\n").filter((line) => line !== "");
  }

  runtime(command: string, shownAs?: string) {
    return this.pool.socket(this.target, this.adminSocket, command, {
      signal: this.signal,
      timeoutMs: SOCKET_TIMEOUT_MS,
      shownAs,
    });
  }
}

export const certificateBackupPath = (path: string, jobId: number) => `${path}.${BACKUP_MARKER}-${jobId}`;

/** The file's new mode: the old one's, but never wider than 0640 (owner rw, group r); 0600 when new. */
export const certificateMode = (previous: number | null) => (previous ?? 0o600) & 0o640;

/** What a node held at `path` before the job wrote it: what a failed job puts back. */
export interface Replaced {
  /** The old file's text, mode and owner; null when there was no file. */
  previous: { text: string; mode: number; uid: number; gid: number } | null;
}

/** A file step resumed after a restart: the original's mode and owner, as recorded (null: there was no file). */
export interface Kept {
  previous: { mode: number; uid: number; gid: number } | null;
}

/**
 * Backup of the old file (kept, and read: a failed job writes it back), then the new one in place,
 * owned as the old one was. The old file is read before anything is written, so an unreadable one
 * stops the job on this node with nothing changed; `replaced` is awaited before the first write (the
 * job saves where the original is kept, for a process that takes over after a crash). `kept`: the
 * original was already kept by this job before a restart; it is not copied again (the file may be
 * the new one by now, and the backup must stay the original).
 */
export async function installCertificateFile(
  node: CertificateNode,
  path: string,
  pem: string,
  jobId: number,
  replaced: (what: Replaced) => Promise<void>,
  kept?: Kept,
): Promise<string[]> {
  const log: string[] = [];
  let previous: Kept["previous"] = kept?.previous ?? null;
  if (kept) {
    if (previous)
      log.push(`the original stays in ${certificateBackupPath(path, jobId)} (kept before the restart)`);
  } else {
    const before = await node.stat(path);
    const text = before ? await node.readFile(path) : null;
    if (before && text === null) throw new Error(`${path} on ${node.name} vanished while it was read`);
    const original = before && text !== null ? { ...before, text } : null;
    await replaced({ previous: original });
    previous = original;
    if (previous) {
      const backup = certificateBackupPath(path, jobId);
      await node.copy(path, backup);
      log.push(`old file kept as ${backup}`);
    }
  }
  const mode = certificateMode(previous?.mode ?? null);
  await node.write(path, pem, mode);
  if (previous) await node.chown(path, previous.uid, previous.gid);
  log.push(
    `wrote ${path} (mode ${mode.toString(8).padStart(4, "0")}${previous ? `, owner ${previous.uid}:${previous.gid}` : ""})`,
  );
  return log;
}

/**
 * Puts back what the job replaced on one node: the old file (atomically, its mode and owner), or no
 * file when there was none; and, when HAProxy was given the new certificate, the old one through the
 * runtime API again (no reload). Log lines back; a refusal throws.
 */
export async function restoreCertificateFile(
  node: CertificateNode,
  path: string,
  replaced: Replaced,
  committed: boolean,
): Promise<string[]> {
  const { previous } = replaced;
  if (!previous) {
    await node.remove(path);
    return [`removed ${path} (there was none before the job)`];
  }
  await node.write(path, previous.text, previous.mode & 0o7777);
  await node.chown(path, previous.uid, previous.gid);
  const log = [
    `put the old ${path} back (mode ${previous.mode.toString(8)}, owner ${previous.uid}:${previous.gid})`,
  ];
  if (committed) {
    const outcome = await commitCertificate(node, path, previous.text);
    log.push(
      outcome.kind === "committed"
        ? `HAProxy holds the old certificate again (SHA-1 ${outcome.loaded?.sha1 ?? "unknown"}), no reload`
        : `HAProxy did not take the old certificate back: ${outcome.message}`,
    );
  }
  return log;
}

/** Removes all but the newest CERTIFICATE_BACKUPS_KEPT job backups of the file; the ones removed. */
export async function pruneCertificateBackups(node: CertificateNode, path: string): Promise<string[]> {
  const prune = backupsToPrune(
    path,
    await node.listBackups(path, BACKUP_MARKER),
    CERTIFICATE_BACKUPS_KEPT,
    BACKUP_MARKER,
  );
  for (const file of prune) await node.remove(file);
  return prune;
}

export type RuntimeOutcome =
  { kind: "committed"; loaded: LoadedCertificate | null } | { kind: "not-loaded"; message: string };

/** The new PEM to HAProxy's memory: a transaction, then its commit; aborted on a refusal. */
export async function commitCertificate(
  node: CertificateNode,
  path: string,
  pem: string,
): Promise<RuntimeOutcome> {
  const set = readSetReply(await node.runtime(setSslCertCommand(path, pem), `set ssl cert ${path} <<(PEM)`));
  if (!set.ok) {
    if (set.notLoaded) return { kind: "not-loaded", message: set.message };
    await node.runtime(abortSslCertCommand(path)).catch(() => "");
    throw new Error(`set ssl cert on ${node.name}: ${set.message}`);
  }
  const commit = readCommitReply(await node.runtime(commitSslCertCommand(path)));
  if (!commit.ok) {
    await node.runtime(abortSslCertCommand(path)).catch(() => "");
    throw new Error(`commit ssl cert on ${node.name}: ${commit.message}`);
  }
  return { kind: "committed", loaded: parseShowSslCert(await node.runtime(showSslCertCommand(path))) };
}

/**
 * What putting a certificate on one node takes, through lib/ssh only: keep a backup of the old file,
 * write the new one atomically (SFTP temp file + rename) with the old file's owner and a mode no
 * wider than 0640, then hand it to HAProxy's runtime API (`set ssl cert` + `commit ssl cert`, no
 * reload) and read back what HAProxy holds. The key travels in the payload only; errors never show it.
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
import type { SshPool, SshTarget } from "@/lib/ssh";

const FILE_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 10_000;
const ANY_EXIT = Array.from({ length: 256 }, (_, i) => i);

/** One node as a certificate job and the served check see it (SSH below; fakes in tests). */
export interface CertificateNode {
  readonly name: string;
  /** Mode, uid and gid of the file; null when there is none. */
  stat(path: string): Promise<{ mode: number; uid: number; gid: number } | null>;
  copy(from: string, to: string): Promise<void>;
  write(path: string, text: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  readFile(path: string): Promise<string | null>;
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
      maxBytes: 256 * 1024,
    });
    return data?.toString("utf8") ?? null;
  }

  runtime(command: string, shownAs?: string) {
    return this.pool.socket(this.target, this.adminSocket, command, {
      signal: this.signal,
      timeoutMs: SOCKET_TIMEOUT_MS,
      shownAs,
    });
  }
}

export const certificateBackupPath = (path: string, jobId: number) => `${path}.hapair-cert-${jobId}`;

/** The file's new mode: the old one's, but never wider than 0640 (owner rw, group r); 0600 when new. */
export const certificateMode = (previous: number | null) => (previous ?? 0o600) & 0o640;

/** Backup of the old file (kept), then the new one in place, owned as the old one was. Log lines back. */
export async function installCertificateFile(
  node: CertificateNode,
  path: string,
  pem: string,
  jobId: number,
): Promise<string[]> {
  const log: string[] = [];
  const before = await node.stat(path);
  if (before) {
    const backup = certificateBackupPath(path, jobId);
    await node.copy(path, backup);
    log.push(`old file kept as ${backup}`);
  }
  const mode = certificateMode(before?.mode ?? null);
  await node.write(path, pem, mode);
  if (before) await node.chown(path, before.uid, before.gid);
  log.push(
    `wrote ${path} (mode ${mode.toString(8).padStart(4, "0")}${before ? `, owner ${before.uid}:${before.gid}` : ""})`,
  );
  return log;
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

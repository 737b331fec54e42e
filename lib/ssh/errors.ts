/** The one error type of the SSH layer: which node, which command, what happened, what it printed. */

export type SshErrorKind =
  | "connect" // TCP or handshake failed, or the node is in backoff after such a failure
  | "auth" // the key was refused
  | "hostkey-unknown" // no pinned host key yet: an operator must accept the presented one
  | "hostkey-mismatch" // the node presented a different key than the pinned one
  | "timeout"
  | "aborted"
  | "exit" // the command ran and exited with a code that was not allowed
  | "channel" // the server refused a channel
  | "too-large" // the node sent more than the call's byte cap (output, answer, file, line): the channel was closed
  | "key" // the private key cannot be used (missing, outside the key folder, encrypted, not a key): nothing was sent
  | "closed"; // the connection closed while the command ran

export interface SshErrorDetails {
  kind: SshErrorKind;
  nodeId: string;
  host: string;
  command?: string;
  exitCode?: number | null;
  stdout?: string;
  stderr?: string;
  /** For host-key errors: the fingerprint the node presented, and the pinned one. */
  presentedHostKey?: string;
  pinnedHostKey?: string;
  cause?: unknown;
}

export class SshError extends Error {
  readonly kind: SshErrorKind;
  readonly nodeId: string;
  readonly host: string;
  readonly command: string | undefined;
  readonly exitCode: number | null | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly presentedHostKey: string | undefined;
  readonly pinnedHostKey: string | undefined;

  constructor(message: string, details: SshErrorDetails) {
    super(`${details.host}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SshError";
    this.kind = details.kind;
    this.nodeId = details.nodeId;
    this.host = details.host;
    this.command = details.command;
    this.exitCode = details.exitCode;
    this.stdout = details.stdout ?? "";
    this.stderr = details.stderr ?? "";
    this.presentedHostKey = details.presentedHostKey;
    this.pinnedHostKey = details.pinnedHostKey;
  }
}

export function isSshError(error: unknown): error is SshError {
  return error instanceof SshError;
}

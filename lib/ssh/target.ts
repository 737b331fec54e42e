/** A node as the SSH layer sees it. The private key stays in server memory and is never logged. */
export interface SshTarget {
  /** Stable node id (database id); the pool keeps one connection per id. */
  id: string;
  host: string;
  port: number;
  username: string;
  /** The key itself, or (when absent) `identityFile`, read from the key folder at each connect (key-file.ts). */
  privateKey?: string | Buffer;
  identityFile?: string;
  passphrase?: string;
  /** `SHA256:…` accepted by an operator; without it every connection is refused. */
  pinnedHostKey: string | null;
  /** Run commands through `sudo -n` (non-root SSH user). */
  useSudo?: boolean;
  /** Admin-socket transport: stream-local forwarding, socat on the node, or forwarding then socat (default). */
  runtimeApi?: "auto" | "forward" | "socat";
}

/** Connection-relevant identity: a change (new key, new pin, new address) means a new connection. */
export function targetIdentity(target: SshTarget): string {
  return JSON.stringify([
    target.host,
    target.port,
    target.username,
    target.pinnedHostKey,
    String(target.privateKey ?? "").length,
    target.identityFile ?? "",
    target.passphrase ?? "",
  ]);
}

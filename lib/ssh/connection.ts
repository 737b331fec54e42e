/**
 * One node's SSH connection: created lazily, shared by concurrent callers, dropped on any transport
 * failure and re-created on the next call after a backoff. Host keys are checked against the pin.
 */
import { setTimeout as delay } from "node:timers/promises";
import { Client, type ClientCallback, type ClientChannel, type SFTPWrapper } from "ssh2";
import { untilAborted } from "@/lib/deadline";
import { connectCorked } from "./corked-socket";
import { backoffDelay, connectFailureCost, type BackoffPolicy, type FailureCost } from "./backoff";
import { recordExit } from "./channel-exit";
import { SshError } from "./errors";
import { hostKeyFingerprint } from "./fingerprint";
import { KeyFileProblem, readKeyFile } from "./key-file";
import { privateKeyProblem } from "./private-key";
import { Semaphore } from "./semaphore";
import { targetIdentity, type SshTarget } from "./target";
import { errorMessage } from "@/lib/error-message";

export interface ConnectionOptions {
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  perNodeConcurrency: number;
  /**
   * Handshakes in flight at once in a pool: an agents process starting 1,000 pollers at once timed
   * every handshake out together (8 s) on a busy host and retried them together; queued, each is quick.
   */
  maxHandshakes: number;
  backoff: BackoffPolicy;
  /** Told of every host key a node presents, so the UI can offer an unknown one for acceptance. */
  onHostKey?: (target: SshTarget, fingerprint: string, verdict: "pinned" | "unknown" | "mismatch") => void;
}

const SESSION_RETRY_MS = [100, 250, 500];

export class NodeConnection {
  readonly slots: Semaphore;
  readonly identity: string;
  private client: Client | null = null;
  /** Set by close(): a connect still in flight then ends itself instead of leaving a connection nobody owns. */
  private closed = false;
  private connecting: Promise<Client> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError: SshError | null = null;
  streamLocalForwarding: "unknown" | "works" | "refused" = "unknown";

  constructor(
    readonly target: SshTarget,
    private readonly options: ConnectionOptions,
    /** Shared by the pool's connections (maxHandshakes); none: no limit. */
    private readonly handshakes?: Semaphore,
  ) {
    this.slots = new Semaphore(options.perNodeConcurrency);
    this.identity = targetIdentity(target);
  }

  async ready(signal?: AbortSignal): Promise<Client> {
    if (this.client) return this.client;
    if (!this.connecting) {
      if (Date.now() < this.retryAt && this.lastError) {
        throw new SshError(
          `not retrying for ${Math.ceil((this.retryAt - Date.now()) / 1000)} s after: ${this.lastError.message}`,
          {
            kind: this.lastError.kind,
            nodeId: this.target.id,
            host: this.target.host,
            presentedHostKey: this.lastError.presentedHostKey,
            pinnedHostKey: this.lastError.pinnedHostKey,
            cause: this.lastError,
          },
        );
      }
      // Shared by every caller, so no caller's abort ends it (nor counts as the node failing): it
      // ends by itself, connected or failed within readyTimeout. Each caller stops waiting on its own signal.
      this.connecting = this.usableKey()
        .then(async (key) => {
          // The wait for a turn is not part of the handshake's own timeout (readyTimeout).
          const release = this.handshakes ? await this.handshakes.acquire() : () => {};
          try {
            return await this.connect(key);
          } finally {
            release();
          }
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.waitFor(this.connecting, signal);
  }

  private waitFor(connecting: Promise<Client>, signal?: AbortSignal): Promise<Client> {
    return untilAborted(connecting, signal, () => this.error("aborted while connecting", "aborted"));
  }

  /**
   * The key, read and parsed before anything touches the network: a missing, refused or unusable key
   * is a "key" error of this node (no backoff: nothing was sent, and the fix is the operator's).
   */
  private async usableKey(): Promise<string | Buffer> {
    const { privateKey, identityFile } = this.target;
    let key: string | Buffer;
    if (privateKey !== undefined && privateKey !== "") key = privateKey;
    else if (identityFile) {
      try {
        key = await readKeyFile(identityFile);
      } catch (cause) {
        throw this.error(
          `SSH key file: ${cause instanceof KeyFileProblem ? cause.message : String(cause)}`,
          "key",
          { cause },
        );
      }
    } else throw this.error("no SSH key configured (set ssh.privateKey or ssh.identityFile)", "key");
    const problem = this.target.passphrase ? null : privateKeyProblem(key);
    if (problem) throw this.error(`SSH key: ${problem}`, "key");
    return key;
  }

  private connect(privateKey: string | Buffer): Promise<Client> {
    const { target, options } = this;
    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let presented: string | undefined;
      let verdict: "pinned" | "unknown" | "mismatch" | undefined;
      let settled = false;
      let tcpConnected = false;
      const fail = (error: SshError, cost: FailureCost = "costly") => {
        if (settled) return;
        settled = true;
        this.failures += 1;
        this.retryAt = Date.now() + backoffDelay(this.failures, options.backoff, Math.random, cost);
        this.lastError = error;
        client.end();
        reject(error);
      };
      client.on("ready", () => {
        if (settled) return;
        if (this.closed) {
          // Closed while connecting (the poller handed the node to another agents process): not kept.
          settled = true;
          client.end();
          reject(this.error("connection closed while connecting", "aborted"));
          return;
        }
        settled = true;
        this.failures = 0;
        this.lastError = null;
        this.client = client;
        resolve(client);
      });
      client.on("error", (cause: Error & { level?: string }) => {
        if (verdict === "unknown" || verdict === "mismatch") {
          const message =
            verdict === "unknown"
              ? `host key ${presented} is not accepted yet; refusing to connect`
              : `host key changed: expected ${target.pinnedHostKey}, presented ${presented}; refusing to connect`;
          fail(
            this.error(message, verdict === "unknown" ? "hostkey-unknown" : "hostkey-mismatch", {
              cause,
              presentedHostKey: presented,
            }),
          );
          return;
        }
        const kind = cause.level === "client-authentication" ? "auth" : "connect";
        const cost =
          kind === "connect"
            ? connectFailureCost({ code: (cause as { code?: unknown }).code, tcpConnected })
            : "costly";
        fail(
          this.error(kind === "auth" ? "SSH key refused" : `cannot connect: ${cause.message}`, kind, {
            cause,
          }),
          cost,
        );
        this.drop(client);
      });
      client.on("close", () => this.drop(client));
      const sock = connectCorked(target.host, target.port);
      sock.once("connect", () => (tcpConnected = true));
      try {
        client.connect({
          sock,
          username: target.username,
          privateKey,
          passphrase: target.passphrase,
          readyTimeout: options.readyTimeoutMs,
          keepaliveInterval: options.keepaliveIntervalMs,
          keepaliveCountMax: options.keepaliveCountMax,
          hostVerifier: (key: Buffer) => {
            presented = hostKeyFingerprint(key);
            verdict = !target.pinnedHostKey
              ? "unknown"
              : presented === target.pinnedHostKey
                ? "pinned"
                : "mismatch";
            options.onHostKey?.(target, presented, verdict);
            return verdict === "pinned";
          },
        });
      } catch (cause) {
        // ssh2 threw before taking the socket (an unreadable key): the socket is ours to end (its errors
        // are already handled in connectCorked).
        sock.destroy();
        fail(
          this.error(`cannot connect: ${errorMessage(cause)}`, "connect", {
            cause,
          }),
        );
      }
    });
  }

  /** When the next connect may be tried (0: now); for diagnostics and tests. */
  get retryAtMs(): number {
    return this.retryAt;
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = null;
  }

  /**
   * Opens an exec channel, mapping failures to typed errors. A refused session is tried again after
   * SESSION_RETRY_MS (nothing ran yet): OpenSSH still counts a session for a moment after its command
   * exited, so a pool opening the next at once could pass MaxSessions ("open failed", seen on a loaded lab).
   */
  async openExec(commandLine: string, signal?: AbortSignal): Promise<ClientChannel> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.openChannel(
          signal,
          (client, callback) => client.exec(commandLine, callback),
          (error) =>
            this.error(`cannot open a channel: ${error.message}`, "channel", {
              cause: error,
              command: commandLine,
            }),
        );
      } catch (error) {
        const wait = SESSION_RETRY_MS[attempt];
        if (wait === undefined || !(error instanceof SshError) || error.kind !== "channel") throw error;
        // The wait ends early when the caller gives up; the refusal is then the answer.
        await delay(wait, undefined, { signal }).catch(() => undefined);
        if (signal?.aborted) throw error;
      }
    }
  }

  openStreamLocal(socketPath: string, signal?: AbortSignal): Promise<ClientChannel> {
    return this.openChannel(
      signal,
      (client, callback) => client.openssh_forwardOutStreamLocal(socketPath, callback),
      (error) => this.error(`cannot open ${socketPath}: ${error.message}`, "channel", { cause: error }),
    );
  }

  openSftp(signal?: AbortSignal): Promise<SFTPWrapper> {
    // Like a channel open, the SFTP subsystem may never answer on a cut-off link.
    return this.openOnClient(
      signal,
      "starting SFTP",
      (sftp) => sftp.end(),
      (client, callback) => client.sftp(callback),
      (error) => this.error(`cannot start SFTP: ${error.message}`, "channel", { cause: error }),
    );
  }

  /**
   * Opens a session channel once connected, a failure typed by `failed`; its exit status is kept from
   * the first moment (see channel-exit.ts).
   */
  private openChannel(
    signal: AbortSignal | undefined,
    open: (client: Client, callback: ClientCallback) => void,
    failed: (error: Error) => SshError,
  ): Promise<ClientChannel> {
    return this.openOnClient(
      signal,
      "opening a channel",
      (channel) => channel.close(),
      open,
      failed,
      recordExit,
    );
  }

  /** Opens something on the client once connected (a channel, SFTP), a failure typed by `failed`; `opened` sees it first. */
  private async openOnClient<T>(
    signal: AbortSignal | undefined,
    what: string,
    discard: (opened: T) => void,
    open: (client: Client, callback: (error: Error | undefined, opened: T) => void) => void,
    failed: (error: Error) => SshError,
    opened: (value: T) => void = () => {},
  ): Promise<T> {
    const client = await this.ready(signal);
    return this.opening(signal, what, discard, (done) =>
      open(client, (error, value) => {
        if (error) return done(failed(error), value);
        opened(value);
        done(null, value);
      }),
    );
  }

  /**
   * Waits for something the server may never answer (a cut-off node answers nothing until keepalive
   * gives up): an abort rejects at once, and what opens after that is closed with `discard`.
   */
  private opening<T>(
    signal: AbortSignal | undefined,
    what: string,
    discard: (opened: T) => void,
    open: (done: (error: SshError | null, opened: T) => void) => void,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const onAbort = () => {
        if (settled) return;
        settled = true;
        reject(this.error(`aborted while ${what}`, "aborted"));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      open((error, opened) => {
        signal?.removeEventListener("abort", onAbort);
        if (settled) {
          if (!error) discard(opened);
          return;
        }
        settled = true;
        if (error) reject(error);
        else resolve(opened);
      });
    });
  }

  error(
    message: string,
    kind: SshError["kind"],
    extra: Partial<ConstructorParameters<typeof SshError>[1]> = {},
  ): SshError {
    return new SshError(message, {
      kind,
      nodeId: this.target.id,
      host: this.target.host,
      pinnedHostKey: this.target.pinnedHostKey ?? undefined,
      ...extra,
    });
  }

  close(): void {
    this.closed = true;
    this.client?.end();
    this.client = null;
  }
}

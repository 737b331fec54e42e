/**
 * A hostile SSH node on loopback, for tests: an ssh2 Server that accepts any key and answers with
 * whatever the test asks (endless command output, an endless or lying file over SFTP, no answer at
 * all, invented probe answers). It counts what the client closed, so a test can check that a read was
 * really stopped.
 */
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import ssh2, { type ServerChannel } from "ssh2";
import { hostKeyFingerprint } from "../fingerprint";
import type { SshTarget } from "../target";

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export type FileBehaviour =
  | { kind: "endless"; claimedSize?: number } // every READ answers a full chunk; fstat says claimedSize (default 0, like /dev/zero)
  | { kind: "huge"; size: number } // fstat says size (never read)
  | { kind: "stall" } // READ is never answered
  | { kind: "text"; text: string };

/** What a command does: "endless" floods stdout, "endless-lines" floods short lines, "run" runs it here,
 * "silent" stays open saying nothing, "empty" exits 0 at once; `answerEachLine` writes its answer for every
 * line read (the poller's probe loop, lib/probes/node-facts.sh, asks one answer per line). */
export type ExecBehaviour =
  "endless" | "endless-lines" | "long-line" | "run" | "silent" | "empty" | { answerEachLine: () => string };

export interface HostileBehaviour {
  exec: (command: string) => ExecBehaviour;
  file: (path: string) => FileBehaviour;
  /** Holds each login until it resolves (a slow node, to act on a connection mid-connect). */
  beforeLogin?: () => Promise<void>;
  /** True: this session channel is refused (an sshd at MaxSessions). */
  refuseSession?: () => boolean;
}

export interface HostileNode {
  port: number;
  hostKey: string;
  stats: {
    handlesClosed: number;
    sftpChannelsClosed: number;
    execChannelsClosed: number;
    bytesServed: number;
    answers: number;
    /** Client connections open now. */
    connections: number;
  };
  target(id: string, privateKey: string | Buffer): SshTarget;
  close(): Promise<void>;
}

/** Writes `chunk` for ever, as fast as the channel's window allows, until it closes. */
function flood(channel: ServerChannel, chunk: Buffer, stats: HostileNode["stats"]): void {
  let open = true;
  channel.on("close", () => (open = false));
  const pump = () => {
    while (open) {
      stats.bytesServed += chunk.length;
      if (!channel.write(chunk)) {
        channel.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

export async function startHostileNode(behaviour: HostileBehaviour): Promise<HostileNode> {
  const hostKey = clientKey();
  const parsedHostKey = utils.parseKey(hostKey);
  if (parsedHostKey instanceof Error) throw parsedHostKey;
  const stats = {
    handlesClosed: 0,
    sftpChannelsClosed: 0,
    execChannelsClosed: 0,
    bytesServed: 0,
    answers: 0,
    connections: 0,
  };
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    stats.connections += 1;
    client.on("close", () => (stats.connections -= 1));
    client.on("error", () => {});
    client.on("authentication", (ctx) => {
      void (behaviour.beforeLogin?.() ?? Promise.resolve()).then(() => ctx.accept());
    });
    client.on("ready", () => {
      client.on("session", (acceptSession, rejectSession) => {
        if (behaviour.refuseSession?.()) return rejectSession();
        const session = acceptSession();
        session.on("exec", (accept, _reject, info) => {
          const channel = accept();
          channel.on("error", () => {});
          channel.on("close", () => (stats.execChannelsClosed += 1));
          const mode = behaviour.exec(info.command);
          if (typeof mode === "object") {
            channel.on("data", (chunk: Buffer) => {
              for (const byte of chunk) {
                if (byte !== 0x0a) continue;
                stats.answers += 1;
                channel.write(mode.answerEachLine());
              }
            });
            return;
          }
          if (mode !== "run") channel.resume(); // read (and drop) stdin, so the client's close gets through as "close"
          if (mode === "empty") {
            channel.exit(0);
            channel.end();
          } else if (mode === "endless") flood(channel, Buffer.alloc(64 * 1024, "x"), stats);
          else if (mode === "endless-lines")
            flood(
              channel,
              Buffer.from("2: eth0    inet 10.0.0.9/24 scope global eth0\n".repeat(1000)),
              stats,
            );
          else if (mode === "long-line") flood(channel, Buffer.alloc(64 * 1024, "y"), stats);
          else if (mode === "run") {
            const child = spawn("sh", ["-c", info.command], { stdio: ["pipe", "pipe", "pipe"] });
            child.stdout.pipe(channel);
            child.stderr.pipe(channel.stderr);
            channel.pipe(child.stdin);
            channel.on("close", () => child.kill());
            child.on("exit", (code) => {
              channel.exit(code ?? 1);
              channel.end();
            });
          }
        });
        session.on("sftp", (accept) => {
          const sftp = accept();
          const handles = new Map<number, FileBehaviour>();
          let next = 0;
          sftp.on("close", () => (stats.sftpChannelsClosed += 1));
          sftp.on("OPEN", (reqid, filename) => {
            next += 1;
            handles.set(next, behaviour.file(filename));
            const handle = Buffer.alloc(4);
            handle.writeUInt32BE(next);
            sftp.handle(reqid, handle);
          });
          const fileOf = (handle: Buffer) => handles.get(handle.readUInt32BE(0));
          sftp.on("FSTAT", (reqid, handle) => {
            const file = fileOf(handle);
            const size =
              file?.kind === "huge"
                ? file.size
                : file?.kind === "endless"
                  ? (file.claimedSize ?? 0)
                  : file?.kind === "text"
                    ? Buffer.byteLength(file.text)
                    : 0;
            sftp.attrs(reqid, { mode: 0o100644, uid: 0, gid: 0, size, atime: 0, mtime: 0 });
          });
          sftp.on("READ", (reqid, handle, offset, length) => {
            const file = fileOf(handle);
            if (file?.kind === "stall") return;
            if (file?.kind === "text") {
              const data = Buffer.from(file.text).subarray(offset, offset + length);
              if (data.length === 0) sftp.status(reqid, STATUS_CODE.EOF);
              else sftp.data(reqid, data);
              return;
            }
            stats.bytesServed += length;
            sftp.data(reqid, Buffer.alloc(length, "z"));
          });
          sftp.on("CLOSE", (reqid, handle) => {
            handles.delete(handle.readUInt32BE(0));
            stats.handlesClosed += 1;
            sftp.status(reqid, STATUS_CODE.OK);
          });
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const fingerprint = hostKeyFingerprint(parsedHostKey.getPublicSSH());
  return {
    port,
    hostKey: fingerprint,
    stats,
    target: (id, privateKey) => ({
      id,
      host: "127.0.0.1",
      port,
      username: "root",
      privateKey,
      pinnedHostKey: fingerprint,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A fresh ed25519 key in OpenSSH format that ssh2 can read back: the hostile node's host key, and a
 * client key for it (it accepts any). ssh2 1.17's generateKeyPairSync writes one it cannot parse ("Malformed OpenSSH private key")
 * about once in 270 (74 of 20,000 measured), which failed a fresh run's unit phase: generate again.
 */
export function clientKey(): string {
  for (let attempt = 1; ; attempt += 1) {
    const key = utils.generateKeyPairSync("ed25519").private;
    if (!(utils.parseKey(key) instanceof Error) || attempt === 10) return key;
  }
}

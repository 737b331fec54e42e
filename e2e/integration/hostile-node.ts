/**
 * A hostile LB node on loopback for lab tests: an ssh2 Server that accepts any key and answers the
 * poller's probe (lib/probes/node-facts.sh's loop: one answer per line read) with whatever `answer`
 * returns. `ip monitor` channels stay open and silent; other commands exit 0 with no output;
 * stream-local forwards are refused, so the probe uses the sockets' answers inside the facts.
 */
import ssh2 from "ssh2";
import type { AddressInfo } from "node:net";
import { hostKeyFingerprint } from "@/lib/ssh/fingerprint";

export interface HostileNode {
  port: number;
  fingerprint: string;
  /** Probe answers sent so far. */
  answers(): number;
  close(): Promise<void>;
}

export async function startHostileNode(answer: () => string): Promise<HostileNode> {
  const hostKey = ssh2.utils.generateKeyPairSync("ed25519").private;
  const parsed = ssh2.utils.parseKey(hostKey);
  if (parsed instanceof Error) throw parsed;
  let answers = 0;
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    client.on("error", () => {});
    client.on("authentication", (context) => context.accept());
    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        session.on("exec", (accept, _reject, info) => {
          const stream = accept();
          stream.on("error", () => {});
          if (info.command.includes("hapair-probe")) {
            stream.on("data", (chunk: Buffer) => {
              for (const byte of chunk) {
                if (byte !== 0x0a) continue;
                answers += 1;
                stream.write(answer());
              }
            });
          } else if (!info.command.includes("monitor")) {
            stream.exit(0);
            stream.end();
          }
        });
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    port: (server.address() as AddressInfo).port,
    fingerprint: hostKeyFingerprint(parsed.getPublicSSH()),
    answers: () => answers,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

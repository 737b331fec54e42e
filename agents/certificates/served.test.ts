/** What the served check records per node and bind, over fake nodes: matches, garbage, refusals, timeouts. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { CertificateNode } from "./node";
import { fakeCertificateNode } from "./__testing__/fake-node";
import { createServer } from "node:net";
import { HANDSHAKE_TIMEOUT_MS, handshakeFingerprint, handshakeTargets, servedFor } from "./served";

const definition = clusterDefinitionSchema.parse(articlePair);
const PATH = "/etc/haproxy/certs/site.pem";
const LEAF = readFileSync(join(process.cwd(), "lib/certificates/__fixtures__/leaf.pem"), "utf8");
const FP = "99:EE:BB:BE:C4:5D:FA:0B:08:19:CB:FB:85:7E:20:E8:B6:51:74:5A:7F:7C:49:17:D9:05:0D:7F:2B:50:A5:86";
const now = new Date("2026-12-01T12:00:00Z");

function node(
  name: string,
  file: () => Promise<string | null>,
  runtime: () => Promise<string>,
): CertificateNode {
  return fakeCertificateNode(name, { readFile: file, runtime });
}

describe("served check", () => {
  it("handshakes VIP binds once and * binds at each node", () => {
    expect(handshakeTargets(definition, PATH)).toEqual([{ where: "vip", host: "10.0.0.100", port: 443 }]);
    const star = structuredClone(definition);
    const bind = star.haproxy.frontends[0]?.binds[0];
    if (bind) bind.address = "*";
    expect(handshakeTargets(star, PATH).map((t) => `${t.where} ${t.host}:${t.port}`)).toEqual(
      star.nodes.map((n) => `${n.name} ${n.ssh.host}:443`),
    );
    expect(handshakeTargets(definition, "/nowhere.pem")).toEqual([]);
  });

  it("records the file's and HAProxy's certificate per node and the VIP's handshake", async () => {
    const nodes = [
      node(
        "lb-01",
        () => Promise.resolve(LEAF),
        () => Promise.resolve(`SHA1 FingerPrint: ${"A".repeat(40)}\n`),
      ),
      node(
        "lb-02",
        () => Promise.resolve("garbage\u0000"),
        () => Promise.resolve("Can't display the certificate\n"),
      ),
    ];
    const served = await servedFor(
      nodes,
      definition,
      { path: PATH, sni: "site.lab.test" },
      now,
      (host, port, sni) => Promise.resolve(`${host}:${port}:${sni}`),
    );
    expect(served["lb-01"]?.file).toMatchObject({ fingerprint: FP });
    expect(served["lb-01"]?.runtime).toMatchObject({ sha1: "A".repeat(40) });
    expect(served["lb-02"]).toEqual({ file: { error: "no certificate in the file", at: now.toISOString() } });
    expect(served.vip?.tls?.fingerprint).toBe("10.0.0.100:443:site.lab.test");
  });

  it("keeps going when a node times out or the handshake fails: each is an error of its own", async () => {
    const nodes = [
      node(
        "lb-01",
        () => Promise.reject(new Error("readFile timed out")),
        () => Promise.reject(new Error("socket closed")),
      ),
    ];
    const served = await servedFor(nodes, definition, { path: PATH, sni: undefined }, now, () =>
      Promise.reject(new Error("ECONNREFUSED")),
    );
    expect(served["lb-01"]?.file?.error).toBe("readFile timed out");
    expect(served["lb-01"]?.runtime?.error).toBe("socket closed");
    expect(served.vip?.tls?.error).toBe("ECONNREFUSED");
  });

  it("gives up on a server that drips bytes forever within the handshake bound", async () => {
    const timers: NodeJS.Timeout[] = [];
    const server = createServer((socket) => {
      socket.on("error", () => undefined);
      // A handshake record header announcing 16 KiB, then one byte every 500 ms: never idle, never done.
      socket.write(Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00]));
      timers.push(setInterval(() => socket.write(Buffer.from([0x02])), 500));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const started = Date.now();
    await expect(handshakeFingerprint("127.0.0.1", port, "site.lab.test")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(HANDSHAKE_TIMEOUT_MS + 2_000);
    for (const t of timers) clearInterval(t);
    server.close();
  }, 15_000);
});

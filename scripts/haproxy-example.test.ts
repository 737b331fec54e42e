/**
 * deploy/haproxy/hapair.cfg, the example load balancer for two hapair instances: the real
 * `haproxy -c` accepts it without a warning (its certificate path swapped for a throw-away
 * self-signed one, since `-c` loads certificates), it keeps what the README promises of it, and its
 * health check, run by a real HAProxy on loopback against two stand-in instances, keeps the one whose
 * /api/health says "agents down" (503, database reachable) and takes away the one whose database is down.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/e2e/integration/free-port";

const CONFIG = join(import.meta.dirname, "..", "deploy", "haproxy", "hapair.cfg");
const CERT_PATH = "/etc/haproxy/certs/hapair.pem";
const dir = mkdtempSync(join(tmpdir(), "hapair-haproxy-example-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function selfSignedPem(): string {
  const key = join(dir, "key.pem");
  const cert = join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-subj",
      "/CN=hapair.example.net",
      "-days",
      "1",
      "-keyout",
      key,
      "-out",
      cert,
    ]),
    { stdio: "ignore", timeout: 30_000 },
  );
  const pem = join(dir, "hapair.pem");
  writeFileSync(pem, readFileSync(cert, "utf8") + readFileSync(key, "utf8"), { mode: 0o600 });
  return pem;
}

describe("the example HAProxy config for hapair", () => {
  const text = readFileSync(CONFIG, "utf8");

  it("passes haproxy -c with no warning", () => {
    expect(text).toContain(CERT_PATH);
    const file = join(dir, "hapair.cfg");
    writeFileSync(file, text.replaceAll(CERT_PATH, selfSignedPem()));
    const run = spawnSync("haproxy", ["-c", "-f", file], { encoding: "utf8", timeout: 30_000 });
    if (run.error)
      throw new Error(`haproxy did not run (scripts/ensure-deps.sh installs it): ${run.error.message}`);
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).not.toMatch(/WARNING|ALERT/);
    expect(output).toMatch(/Configuration file is valid/);
  });

  it("checks /api/health for the database, forwards the client address, and outlasts the stream keep-alive", () => {
    expect(text).toMatch(/^\s*option forwardfor\b/m);
    expect(text).toMatch(/^\s*http-check send meth GET uri \/api\/health\b/m);
    // What GET /api/health writes when the instance reaches its database (JSON.stringify, no spaces).
    expect(text).toContain(
      `http-check expect string ${JSON.stringify(JSON.stringify({ database: { ok: true } }).slice(1, -1))}`,
    );
    expect(text.match(/^\s*server \S+ \S+:\d+/gm)).toHaveLength(2);
    const KEEPALIVE_S = 15; // app/api/live/events/route.ts
    for (const side of ["client", "server"]) {
      const seconds = Number(new RegExp(`^\\s*timeout ${side} (\\d+)s$`, "m").exec(text)?.[1]);
      expect(seconds, side).toBeGreaterThan(2 * KEEPALIVE_S);
    }
  });

  it("keeps an instance whose agents are down and drops one whose database is down", async () => {
    const [one, two, front] = [await freePort(), await freePort(), await freePort()];
    const health = (database: { ok: boolean }, status: string) =>
      JSON.stringify({ ok: false, status, web: { ok: true }, database, agents: {} });
    const stand_ins: Server[] = [
      [one, health({ ok: true }, "agents down"), "one"],
      [two, health({ ok: false }, "database down"), "two"],
    ].map(([port, body, name]) => {
      const server = createServer((request, response) => {
        if (request.url === "/api/health") response.writeHead(503).end(body);
        else response.writeHead(200).end(name);
      });
      server.listen(Number(port), "127.0.0.1");
      return server;
    });
    const config = text
      .replace(/^\s*bind :443 .*$/m, "")
      .replace(/^\s*http-request redirect .*$/m, "")
      .replace(/^(\s*)bind :80$/m, `$1bind 127.0.0.1:${front}`)
      .replace("10.0.0.21:3000", `127.0.0.1:${one}`)
      .replace("10.0.0.22:3000", `127.0.0.1:${two}`)
      .replace("check inter 2s", "check inter 200ms");
    const file = join(dir, "loopback.cfg");
    writeFileSync(file, config);
    const haproxy = spawn("haproxy", ["-db", "-f", file], { stdio: "ignore" });
    try {
      const answers: string[] = [];
      const deadline = Date.now() + 15_000;
      // Settled once ten answers in a row come from the same instance (fall 3 × 200 ms for the other).
      while (answers.length < 10 || new Set(answers.slice(-10)).size > 1) {
        if (Date.now() > deadline) throw new Error(`not settled: ${answers.slice(-10).join(",")}`);
        const response = await fetch(`http://127.0.0.1:${front}/`).catch(() => null);
        answers.push(response ? await response.text() : "(none)");
        await new Promise((done) => setTimeout(done, 50));
      }
      expect(answers.at(-1)).toBe("one");
    } finally {
      haproxy.kill("SIGTERM");
      for (const server of stand_ins) server.close();
    }
  }, 30_000);
});

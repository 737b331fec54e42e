/**
 * The ACME executor over a fake CA and fake nodes: issuance end to end, a VIP that moves between
 * publishing and the CA's check, a node that refuses the map edit, a CA that finds the answer
 * wrong, and agents killed at every step and started again (the job resumes and completes).
 */
import { describe, expect, it } from "vitest";
import { acmeSteps } from "@/lib/acme/steps";
import type { Clock } from "@/agents/runtime/clock";
import { executeAcmeJob } from "./execute";
import type { AcmeCa, AcmeChallenge, AcmeEnv, AcmeJobView, CertificateBundle, ChallengeNode } from "./types";

const MAP = "/etc/haproxy/acme-challenges.map";
const spec = {
  name: "web",
  domains: ["a.example.test", "b.example.test"],
  path: "/etc/haproxy/certs/web.pem",
};
const NOT_AFTER = new Date("2027-03-01T00:00:00Z");

class FakeNode implements ChallengeNode {
  readonly map = new Map<string, string>();
  refuse = false;
  constructor(readonly name: string) {}
  async runtime(command: string): Promise<string> {
    if (this.refuse) return "Unknown map identifier. Please use #<id> or <file>.\n";
    const [verb, , map, key, value] = command.split(" ");
    if (map !== MAP) return "Unknown map identifier.\n";
    if (verb === "add" && key && value) this.map.set(key, value);
    if (verb === "del" && key) return this.map.delete(key) ? "\n" : "Key not found.\n";
    return "\n";
  }
}

class FakeCa implements AcmeCa {
  orders = 0;
  finalized: string[] = [];
  responded = new Set<string>();
  readonly challenges = new Map<string, AcmeChallenge>();
  readonly valid = new Set<string>();
  calls: string[] = [];
  /** The node the CA's HTTP request reaches (the VIP holder at that moment). */
  constructor(public holder: () => FakeNode) {}
  private call(what: string) {
    this.calls.push(what);
  }
  async account() {
    this.call("account");
    return "https://ca.test/acct/1";
  }
  async newOrder(domains: string[]) {
    this.call("newOrder");
    const n = ++this.orders;
    const challenges = domains.map((domain, i) => {
      const token = `token${n}x${i}`.padEnd(43, "A");
      const c = {
        domain,
        token,
        keyAuthorization: `${token}.${"T".repeat(43)}`,
        authorizationUrl: `https://ca.test/authz/${n}/${i}`,
        challengeUrl: `https://ca.test/chall/${n}/${i}`,
      };
      this.challenges.set(c.challengeUrl, c);
      return c;
    });
    return { url: `https://ca.test/order/${n}`, challenges };
  }
  async orderStatus(url: string) {
    return this.finalized.includes(url) ? ("valid" as const) : ("ready" as const);
  }
  async challengeStatus(c: AcmeChallenge) {
    return this.responded.has(c.challengeUrl) ? "processing" : "pending";
  }
  async respond(c: AcmeChallenge) {
    this.call("respond");
    this.responded.add(c.challengeUrl);
  }
  async waitAuthorization(url: string) {
    this.call("wait");
    const c = [...this.challenges.values()].find((x) => x.authorizationUrl === url);
    if (!c || !this.responded.has(c.challengeUrl)) throw new Error("authorization pending forever");
    const answer = this.holder().map.get(c.token);
    if (answer !== c.keyAuthorization)
      throw new Error(
        `${c.domain}: The key authorization file from the server did not match (${this.holder().name})`,
      );
    this.valid.add(url);
  }
  async finalize(url: string, csr: string) {
    this.call("finalize");
    if (!csr.startsWith("CSR")) throw new Error("bad csr");
    this.finalized.push(url);
  }
  async certificate(url: string) {
    this.call("certificate");
    if (!this.finalized.includes(url)) throw new Error("order not valid");
    return `CERT for ${url}\nCHAIN\n`;
  }
}

const clock: Clock = { now: () => 0, sleep: async () => {} };

function setup() {
  const nodes = [new FakeNode("lb-01"), new FakeNode("lb-02")];
  let holder = nodes[0] as FakeNode;
  const ca = new FakeCa(() => holder);
  const installed: CertificateBundle[] = [];
  const saved: string[] = [];
  let keyCount = 0;
  const env: AcmeEnv = {
    ca,
    nodes,
    installer: {
      async install(bundle) {
        installed.push(bundle);
        return [`installed ${bundle.name} on both nodes`];
      },
    },
    store: {
      async save(job) {
        saved.push(JSON.stringify(job));
      },
    },
    spec,
    challengeMap: MAP,
    keys: {
      async csr(domains) {
        keyCount++;
        return { keyPem: `KEY${keyCount}`, csrPem: `CSR ${domains.join(",")}` };
      },
      notAfter: () => NOT_AFTER,
      seal: (text) => `sealed:${Buffer.from(text).toString("base64")}`,
      open: (sealed) => Buffer.from(sealed.replace(/^sealed:/, ""), "base64").toString(),
    },
    clock,
  };
  const job: AcmeJobView = {
    id: 1,
    clusterId: "c1",
    certificate: "web",
    reason: "issue",
    status: "pending",
    steps: acmeSteps(),
    data: {},
    error: null,
  };
  return { nodes, ca, env, job, installed, saved, moveVip: (to: FakeNode) => (holder = to) };
}

describe("executeAcmeJob", () => {
  it("issues: answers on both nodes, the chain and the sealed key to the installer, answers withdrawn", async () => {
    const t = setup();
    expect(await executeAcmeJob(t.env, t.job, new AbortController().signal)).toBe("succeeded");
    expect(t.job.steps.map((s) => `${s.kind}:${s.status}`)).toEqual(
      ["account", "order", "publish", "notify-ca", "wait-valid", "finalize", "install", "cleanup"].map(
        (k) => `${k}:done`,
      ),
    );
    expect(t.installed).toEqual([
      expect.objectContaining({
        name: "web",
        path: spec.path,
        chainPem: "CERT for https://ca.test/order/1\nCHAIN\n",
        keyPem: "KEY1",
        notAfter: NOT_AFTER,
      }),
    ]);
    expect(t.job.data.notAfter).toBe(NOT_AFTER.toISOString());
    for (const node of t.nodes) expect(node.map.size).toBe(0);
    // The clear key never reaches the row.
    expect(t.saved.some((row) => row.includes("KEY1"))).toBe(false);
    // Sealed in the row only between finalize and install; the certificate store holds it after.
    expect(t.saved.some((row) => row.includes("sealed:"))).toBe(true);
    expect(t.job.data.keySealed).toBeUndefined();
  });

  it("completes when the VIP moves to the peer after the answers are published", async () => {
    const t = setup();
    const respond = t.ca.respond.bind(t.ca);
    t.ca.respond = async (c) => {
      t.moveVip(t.nodes[1] as FakeNode);
      return respond(c);
    };
    expect(await executeAcmeJob(t.env, t.job, new AbortController().signal)).toBe("succeeded");
    expect(t.installed).toHaveLength(1);
  });

  it("fails with the node's reason when a node refuses the map edit, and still cleans the other", async () => {
    const t = setup();
    (t.nodes[1] as FakeNode).refuse = true;
    expect(await executeAcmeJob(t.env, t.job, new AbortController().signal)).toBe("failed");
    expect(t.job.error).toMatch(/^publish: lb-02: (del|add) map: Unknown map identifier/);
    expect(t.job.steps.map((s) => s.status).join(" ")).toBe(
      "done done failed skipped skipped skipped skipped failed",
    );
    expect((t.nodes[0] as FakeNode).map.size).toBe(0);
    expect(t.ca.calls).not.toContain("respond");
    expect(t.installed).toEqual([]);
  });

  it("fails with the CA's reason when the answer is wrong, and installs nothing", async () => {
    const t = setup();
    const publish = t.nodes[0] as FakeNode;
    const runtime = publish.runtime.bind(publish);
    publish.runtime = async (command) => runtime(command.replace(/\.T+$/, ".WRONGWRONGWRONGWRONGWRONG"));
    expect(await executeAcmeJob(t.env, t.job, new AbortController().signal)).toBe("failed");
    expect(t.job.error).toMatch(
      /^wait-valid: a\.example\.test: The key authorization file from the server did not match/,
    );
    expect(t.installed).toEqual([]);
    for (const node of t.nodes) expect(node.map.size).toBe(0);
  });

  it.each(["account", "order", "publish", "notify-ca", "wait-valid", "finalize", "install", "cleanup"])(
    "resumes after the agents die in %s and completes with one order, one finalize and one install",
    async (kind) => {
      const t = setup();
      const controller = new AbortController();
      const save = t.env.store.save.bind(t.env.store);
      let killed = false;
      t.env.store = {
        async save(job) {
          await save(job);
          if (!killed && job.steps.some((s) => s.kind === kind && s.status === "running")) {
            killed = true;
            controller.abort(new Error("agents killed"));
          }
        },
      };
      await expect(executeAcmeJob(t.env, t.job, controller.signal)).rejects.toThrow();
      // The row as the next agents process reads it back.
      const resumed = JSON.parse(t.saved.at(-1) ?? "") as AcmeJobView;
      t.env.store = { save };
      expect(await executeAcmeJob(t.env, resumed, new AbortController().signal)).toBe("succeeded");
      expect(t.installed.length).toBeGreaterThanOrEqual(1);
      expect(t.installed.at(-1)?.keyPem).toBe(`KEY${t.ca.finalized.length}`);
      expect(t.ca.finalized).toHaveLength(1);
      for (const node of t.nodes) expect(node.map.size).toBe(0);
    },
  );
});

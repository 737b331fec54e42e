/** lib/ssh against real OpenSSH on the lab nodes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLabUp, labExec, startSshd, stopSshd } from "@/e2e/lab/control";
import { createSshPool, isSshError, type SshError } from "@/lib/ssh";
import { probeSpec } from "@/lib/probes/probe-spec";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { createNodeProbe, factsScriptArgv } from "@/lib/probes/collect";
import { labTarget } from "./lab-targets";

const pool = createSshPool({ backoff: { baseMs: 200, maxMs: 1_000 } });
const node = "lb-02";

beforeAll(async () => {
  await ensureLabUp();
});
afterAll(() => pool.closeAll());

async function failure(promise: Promise<unknown>): Promise<SshError> {
  try {
    await promise;
  } catch (error) {
    if (isSshError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("SSH transport (lab)", () => {
  it("runs commands with exit codes, and never lets an argument become shell syntax", async () => {
    const target = labTarget(node);
    expect((await pool.exec(target, ["echo", "hello"])).stdout).toBe("hello\n");
    const exit = await failure(pool.exec(target, ["sh", "-c", "echo oops >&2; exit 3"]));
    expect(exit).toMatchObject({ kind: "exit", exitCode: 3, stderr: "oops\n" });
    expect((await pool.exec(target, ["sh", "-c", "exit 3"], { allowExitCodes: [0, 3] })).exitCode).toBe(3);

    labExec(node, ["rm", "-f", "/tmp/pwned"]);
    const hostile = [
      "; touch /tmp/pwned",
      "$(touch /tmp/pwned)",
      "`touch /tmp/pwned`",
      "x\ntouch /tmp/pwned",
      "' ; touch /tmp/pwned ; '",
    ];
    const { stdout } = await pool.exec(target, ["printf", "%s|", ...hostile]);
    expect(stdout).toBe(hostile.map((h) => `${h}|`).join(""));
    expect(labExec(node, ["test", "-e", "/tmp/pwned"]).code).not.toBe(0);
  });

  it("refuses unknown and changed host keys, telling the presented fingerprint", async () => {
    const pinned = labTarget(node).pinnedHostKey;
    const unknown = await failure(
      pool.exec(labTarget(node, { id: "unknown-key", pinnedHostKey: null }), ["true"]),
    );
    expect(unknown).toMatchObject({ kind: "hostkey-unknown", presentedHostKey: pinned });
    const wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const changed = await failure(
      pool.exec(labTarget(node, { id: "wrong-key", pinnedHostKey: wrong }), ["true"]),
    );
    expect(changed).toMatchObject({
      kind: "hostkey-mismatch",
      presentedHostKey: pinned,
      pinnedHostKey: wrong,
    });
  });

  it("ends the remote process on timeout and on abort", async () => {
    const target = labTarget(node);
    const marker = `hapair-timeout-${Date.now()}`;
    const timedOut = await failure(
      pool.exec(target, ["sh", "-c", `sleep 30 # ${marker}`], { timeoutMs: 300 }),
    );
    expect(timedOut.kind).toBe("timeout");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    expect(
      (await failure(pool.exec(target, ["sh", "-c", `sleep 30 # ${marker}`], { signal: controller.signal })))
        .kind,
    ).toBe("aborted");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(labExec(node, ["pgrep", "-f", marker]).stdout.trim()).toBe("");
  });

  it("queues 20 concurrent commands below OpenSSH's MaxSessions", async () => {
    const target = labTarget(node);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pool.exec(target, ["sh", "-c", `sleep 0.2; echo ${i}`])),
    );
    expect(results.map((r) => Number(r.stdout))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    console.log(`[ssh] 20 concurrent 200 ms commands took ${Date.now() - started} ms`);
  });

  it("speaks the HAProxy runtime API over the forwarded admin socket", async () => {
    const answer = await pool.socket(labTarget(node), "/run/haproxy/admin.sock", "show info");
    expect(answer).toMatch(/^Name: HAProxy/m);
  });

  it("writes files atomically and reads them back", async () => {
    const target = labTarget(node);
    await pool.writeFileAtomic(target, "/tmp/hapair-atomic.txt", "first\n", { mode: 0o600 });
    await pool.writeFileAtomic(target, "/tmp/hapair-atomic.txt", "second\n", { mode: 0o600 });
    expect((await pool.readFile(target, "/tmp/hapair-atomic.txt"))?.toString()).toBe("second\n");
    expect(await pool.readFile(target, "/tmp/hapair-missing.txt")).toBeNull();
    expect(labExec(node, ["stat", "-c", "%a", "/tmp/hapair-atomic.txt"]).stdout.trim()).toBe("600");
  });

  it("measures warm round trips", async () => {
    const target = labTarget(node);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await pool.exec(target, ["true"]);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`[ssh] warm exec p50 ${times[10]?.toFixed(1)} ms, max ${times[19]?.toFixed(1)} ms`);
  });

  it.each([
    ["socat on the node", true],
    ["stream-local forwarding", false],
  ])(
    "keeps a node's probe conversations open across polls and HAProxy reloads, and ends them on close (sockets read by %s)",
    async (_how, socketsOnNode) => {
      const spec = { ...probeSpec(clusterDefinitionSchema.parse(articlePair)), certificatePaths: [] };
      const probe = createNodeProbe(pool.shell(labTarget(node), node), spec, { socketsOnNode });
      // Oldest first: a poll in progress adds the loop's command-substitution subshell.
      const loops = () =>
        labExec(node, ["pgrep", "-o", "-f", "hapair-probe loop"]).stdout.trim().split("\n").filter(Boolean);
      try {
        const first = await probe.collect(AbortSignal.timeout(10_000));
        const second = await probe.collect(AbortSignal.timeout(10_000));
        expect(second.haproxy).toMatchObject({ running: true, error: null });
        const loop = loops()[0];
        await probe.collect(AbortSignal.timeout(10_000));
        expect(loops()[0]).toBe(loop); // the same facts loop answers every poll
        // A reload closes the old worker's CLI connections: the next poll reopens the admin socket at once.
        expect(labExec(node, ["systemctl", "reload", "haproxy"]).code).toBe(0);
        const reloads = first.haproxy?.reloads ?? 0;
        let after = await probe.collect(AbortSignal.timeout(10_000));
        // The master re-executes itself on reload, so one poll may find its socket briefly gone.
        for (let i = 0; i < 40 && after.haproxy?.reloads !== reloads + 1; i++) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          after = await probe.collect(AbortSignal.timeout(10_000));
        }
        expect(after.haproxy).toMatchObject({ running: true, error: null, reloads: reloads + 1 });
        expect(after.haproxy?.servers.length).toBeGreaterThan(0);
      } finally {
        probe.close();
      }
      const deadline = Date.now() + 5_000;
      while (loops().length > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(loops()).toEqual([]);
    },
  );

  it("answers '@@same' while nothing the poller reads changed, whole again as soon as something does, never with the VRRP password", async () => {
    const spec = { ...probeSpec(clusterDefinitionSchema.parse(articlePair)), certificatePaths: [] };
    const conversation = await pool.converse(labTarget(node), {
      argv: factsScriptArgv(spec, "loop", { socketsOnNode: true }),
    });
    const ask = () => conversation.ask("\n", (answer) => answer.endsWith("@@end\n"), { timeoutMs: 10_000 });
    const drain = (state: string) =>
      labExec(node, [
        "sh",
        "-c",
        `echo 'set server be_app/app-02 state ${state}' | socat - /run/haproxy/admin.sock`,
      ]);
    // An unchanged answer is "@@same", then only the tail kept out of the comparison (the VRRP capture).
    const isSame = (answer: string) => answer.startsWith("@@same\n") && !answer.includes("@@stat");
    try {
      const whole = await ask();
      expect(whole).toContain("@@stat\n# pxname,svname,scur,status");
      expect(whole).not.toMatch(/labpass|advert_sent|life_time/);
      // Uptimes, counters and keepalived's statistics move every second: they must not make a change.
      // (An earlier test's reload may still be settling: an old worker leaving, checks coming back.)
      const settled = async () => {
        for (let i = 0; i < 20; i++) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          if (isSame(await ask())) return true;
        }
        return false;
      };
      expect(await settled()).toBe(true);
      expect(isSame(await ask())).toBe(true);
      drain("drain");
      expect(await ask()).toMatch(/be_app,app-02,\d+,DRAIN/);
      expect(isSame(await ask())).toBe(true);
    } finally {
      drain("ready");
      conversation.close();
    }
    // The probe reuses its last reading, with a new time, for an unchanged answer.
    const probe = createNodeProbe(pool.shell(labTarget(node), node), spec);
    try {
      const first = await probe.collect(AbortSignal.timeout(10_000));
      const again = await probe.collect(AbortSignal.timeout(10_000));
      expect(Date.parse(again.at)).toBeGreaterThan(Date.parse(first.at));
      // Only the time, the VRRP reading's age (the dump may have been asked for at the previous answer)
      // and the tail kept out of the comparison (advert counters, speakers heard) move.
      const withoutAge = ({ adverts: _adverts, segment: _segment, ...o }: typeof first) => ({
        ...o,
        at: "",
        keepalived: o.keepalived && { ...o.keepalived, stateAgeMs: undefined },
      });
      expect(withoutAge(again)).toEqual(withoutAge(first));
    } finally {
      probe.close();
    }
  });

  it("fails fast with a connect error when sshd is down, and recovers", async () => {
    const fresh = createSshPool({ backoff: { baseMs: 100, maxMs: 200 } });
    try {
      stopSshd(node);
      const started = Date.now();
      const error = await failure(fresh.exec(labTarget(node, { id: "down" }), ["true"]));
      expect(error.kind).toBe("connect");
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      startSshd(node);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fresh.exec(labTarget(node, { id: "down" }), ["echo", "back"])).stdout).toBe("back\n");
    fresh.closeAll();
  });
});

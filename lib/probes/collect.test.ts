/**
 * The probe with its real script (lib/probes/node-facts.sh) run here as a child process, against a
 * fake HAProxy socket: what the node's awk keeps of `show servers state`, and the admin state that
 * reaches the observation both ways (socat on the node, and the sockets over the SSH conversation).
 * keepalived and pgrep are stubbed out on PATH: the lab's keepalived processes share this machine.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Conversation, NodeShell } from "@/lib/ssh/node-shell";
import { collectNodeObservation, createNodeProbe } from "./collect";
import { probeSpec, type ProbeSpec } from "./probe-spec";

const fixtures = join(__dirname, "parse", "__fixtures__");
// Captured from HAProxy 2.6.12: `show stat;show servers state`, be/up1 drained, both servers DOWN.
const [STAT, SERVERS_STATE] = readFileSync(join(fixtures, "show-stat-and-servers-state.txt"), "utf8").split(
  /(?<=\n)(?=1\n# be_id )/,
) as [string, string];
const PROC = readFileSync(join(fixtures, "show-proc-after-reload.txt"), "utf8");
const hasSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
const ADVERT = (readFileSync(join(fixtures, "tcpdump-vrrp.txt"), "utf8").split("\n")[0] ?? "").trim();
const SCRIPT = readFileSync(join(__dirname, "node-facts.sh"), "utf8");

/** The probe script in loop mode on this machine, against the fake socket; `viface` "-" for no capture. */
function loopProbe(viface: string, env: Record<string, string> = {}) {
  const conversation = processConversation(
    [
      "sh",
      "-c",
      SCRIPT,
      "hapair-probe",
      "loop",
      "/nonexistent/haproxy.cfg",
      "/nonexistent/keepalived.conf",
      "/nonexistent/pid",
      "/nonexistent/state",
      spec.adminSocket,
      spec.masterSocket,
      "socat",
      "changes",
      viface,
    ],
    env,
  );
  return {
    ask: () => conversation.ask("\n", (a) => a.endsWith("@@end\n"), { timeoutMs: 20_000 }),
    close: () => conversation.close(),
  };
}

let dir = "";
let server: Server;
let spec: ProbeSpec;

/** Answers like HAProxy's CLI: one line of `;`-separated commands, then closes; in prompt mode, a prompt after each command. */
function fakeHaproxy(path: string): Server {
  const answer = (command: string) =>
    command === "show stat"
      ? STAT
      : command === "show servers state"
        ? SERVERS_STATE
        : command === "show proc"
          ? PROC
          : "Unknown command\n";
  return createServer((socket) => {
    let prompt = false;
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
        const line = buffered.slice(0, end).trim();
        buffered = buffered.slice(end + 1);
        if (line === "prompt") {
          prompt = true;
          socket.write("> ");
          continue;
        }
        const commands = line.split(";").map((c) => c.trim());
        if (prompt) for (const c of commands) socket.write(`${answer(c)}> `);
        else socket.end(commands.map(answer).join(""));
      }
    });
  }).listen(path);
}

/** A child process standing in for an SSH channel: writes requests to stdin, reads stdout until complete. */
function processConversation(argv: string[], env: Record<string, string> = {}): Conversation {
  const [command = "sh", ...args] = argv;
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PATH: `${dir}/bin:/usr/bin:/bin`, TMPDIR: dir },
    stdio: ["pipe", "pipe", "ignore"],
  });
  let closed = false;
  child.on("exit", () => (closed = true));
  return {
    get closed() {
      return closed;
    },
    ask: (request, isComplete, { timeoutMs }) =>
      new Promise((resolve, reject) => {
        let answer = "";
        const timer = setTimeout(() => reject(new Error("no answer")), timeoutMs);
        const onData = (chunk: Buffer) => {
          answer += chunk.toString();
          if (!isComplete(answer)) return;
          clearTimeout(timer);
          child.stdout.off("data", onData);
          resolve(answer);
        };
        child.stdout.on("data", onData);
        child.stdin.write(request);
      }),
    close: () => {
      closed = true;
      child.kill();
    },
  };
}

/** A socket conversation in prompt mode, as the poller keeps one over stream-local forwarding. */
function socketConversation(path: string): Conversation {
  return processConversation(["socat", "-", `UNIX-CONNECT:${path}`]);
}

const localShell: NodeShell = {
  nodeName: "lb-01",
  exec: () => Promise.reject(new Error("not used")),
  socket: () => Promise.reject(new Error("not used")),
  follow: () => Promise.reject(new Error("not used")),
  converse: async (peer) =>
    "argv" in peer ? processConversation(peer.argv) : socketConversation(peer.socketPath),
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hapair-probe-test-"));
  spawnSync("mkdir", [join(dir, "bin")]);
  for (const stub of ["keepalived", "pgrep"]) {
    writeFileSync(join(dir, "bin", stub), "#!/bin/sh\nexit 1\n");
    chmodSync(join(dir, "bin", stub), 0o755);
  }
  // A capture that ends at once, as a bounded one does at its bound: one advert line, or none (a failing tcpdump).
  writeFileSync(
    join(dir, "bin", "tcpdump"),
    `#!/bin/sh\n[ "$STUB_TCPDUMP" = fails ] && exit 1\nprintf '%s\\n' '${ADVERT}'\n`,
  );
  chmodSync(join(dir, "bin", "tcpdump"), 0o755);
  const socket = join(dir, "admin.sock");
  server = fakeHaproxy(socket);
  spec = {
    ...probeSpec(clusterDefinitionSchema.parse(articlePair)),
    adminSocket: socket,
    masterSocket: socket,
    certificatePaths: [],
  };
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasSocat)("the probe script and show servers state", () => {
  const servers = async (socketsOnNode: boolean) =>
    (
      await collectNodeObservation(localShell, spec, AbortSignal.timeout(20_000), { socketsOnNode })
    ).haproxy?.servers.map((s) => [s.server, s.status, s.adminState]);

  it("keeps only names and admin state on the node, so an unchanged node still answers the same", async () => {
    const probe = loopProbe("-");
    try {
      const ask = probe.ask;
      const first = await ask();
      expect(first).toContain("@@servers_state\n1\n# be_name srv_name srv_admin_state\nbe up1 8\nbe up2 0\n");
      expect(first).not.toContain("srv_time_since_last_change");
      expect(await ask()).toMatch(/^@@same\n/);
    } finally {
      probe.close();
    }
  });

  it("gives each server the admin state show stat hides behind DOWN: socat on the node", async () => {
    expect(await servers(true)).toEqual([
      ["up1", "DOWN", "DRAIN"],
      ["up2", "DOWN", "READY"],
    ]);
  });

  it("and over the kept socket conversation", async () => {
    expect(await servers(false)).toEqual([
      ["up1", "DOWN", "DRAIN"],
      ["up2", "DOWN", "READY"],
    ]);
  });
});

describe.skipIf(!hasSocat)("the probe's VRRP capture state", () => {
  const states = async (env: Record<string, string>) => {
    const probe = loopProbe("eth0", env);
    try {
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        seen.push(/@@vrrp_capture\n(\S+)/.exec(await probe.ask())?.[1] ?? "none");
        await new Promise((resolve) => setTimeout(resolve, 300)); // the stub capture ends meanwhile
      }
      return seen;
    } finally {
      probe.close();
    }
  };

  it("stays on across a bounded capture's restart, so an unchanged segment is an unchanged observation", async () => {
    expect(await states({})).toEqual(["starting", "on", "on"]);
  });

  it("is starting while the capture dies without a line (tcpdump failing)", async () => {
    expect(await states({ STUB_TCPDUMP: "fails" })).toEqual(["starting", "starting", "starting"]);
  });
});

describe.skipIf(!hasSocat)("a conversation slow to open", () => {
  it("is not given up when one poll's deadline ends: the next poll finds the same opening, done", async () => {
    let opened = 0;
    const slowShell: NodeShell = {
      ...localShell,
      converse: async (peer, options) => {
        if ("argv" in peer) opened += 1;
        await new Promise((resolve) => setTimeout(resolve, 400)); // a busy sshd starting the session
        if (options?.signal?.aborted) throw new Error("aborted");
        return localShell.converse(peer, options);
      },
    };
    const probe = createNodeProbe(slowShell, spec, { socketsOnNode: true });
    try {
      await expect(probe.collect(AbortSignal.timeout(100))).rejects.toThrow(/being opened/);
      const observation = await probe.collect(AbortSignal.timeout(20_000));
      expect(observation.haproxy).not.toBeNull();
      expect(opened).toBe(1);
    } finally {
      probe.close();
    }
  });
});

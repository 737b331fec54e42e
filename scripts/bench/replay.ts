/**
 * Replayed nodes for the benchmarks (poll-cost --replay, scale): each node answers the poller with
 * its own real answer, recorded once through the probe script, from a loop of shell builtins on the
 * node, so a few lab nodes can stand in for many. A real node forks about 15 processes per poll; the
 * replay forks none, so only hapair's side of a poll is measured.
 */
import { Session } from "node:inspector";
import { untilAborted } from "@/lib/deadline";
import { createSshPool, type SshPool, type SshTarget } from "@/lib/ssh";
import type { Conversation, ConversationPeer } from "@/lib/ssh/node-shell";

/**
 * $1 the recorded answer, $2 "changes" (after the first answer, "@@same" and the tail, as an
 * unchanged real node answers) or "always" (the whole answer every time), $3 the answer's tail (from
 * its VRRP and traffic sections on), which a real node sends after "@@same" too.
 */
const REPLAY_SCRIPT =
  'answer=$1; mode=$2; tail=$3; first=1; while IFS= read -r _; do if [ "$mode" = changes ] && [ -z "$first" ]; then printf "@@same\\n%s" "$tail"; else printf "%s" "$answer"; fi; first=; done';

/** What follows "@@same" in a real answer: the VRRP capture and counters and the traffic counters, else just the end. */
export function tailOf(answer: string): string {
  const starts = ["@@vrrp_", "@@traffic\n"].map((s) => answer.indexOf(s)).filter((i) => i >= 0);
  return starts.length > 0 ? answer.slice(Math.min(...starts)) : "@@end\n";
}

/** The command that replays `answer` on a node, one answer per line read. */
export function replayArgv(answer: string, mode: "changes" | "always"): string[] {
  return ["sh", "-c", REPLAY_SCRIPT, "hapair-replay", answer, mode, tailOf(answer)];
}

const RECORD_MS = 30_000;

const isProbeScript = (peer: ConversationPeer): peer is { argv: string[] } =>
  "argv" in peer && peer.argv[0] === "sh" && peer.argv[3] === "hapair-probe";

/**
 * The pool, except that a conversation with the probe script is one with a replay of that node's
 * answer: the first conversation per SSH address (host and port) runs the real probe once and
 * records its answer, which every target on that address then replays. So many targets (nodes in
 * the database) can share a few real nodes; every other SSH call goes to the real node unchanged.
 * `onAnswer` counts each answer the poller reads. The recordings go over a pool of their own: in the
 * pool's handshake queue, behind 1,000 nodes' connections, they waited past their 30 s and failed.
 */
export function replayingPool(pool: SshPool, options: { onAnswer?: () => void } = {}): SshPool {
  const recorded = new Map<string, Promise<string>>();
  const recorder = createSshPool();
  // Shared by every target on the address, so no poll's deadline ends it (each poll stops waiting on
  // its own): a real probe answer can take longer than a poll's deadline on a busy lab.
  const record = (target: SshTarget, peer: { argv: string[] }, signal?: AbortSignal) => {
    const address = `${target.host}:${target.port ?? 22}`;
    let answer = recorded.get(address);
    if (!answer) {
      answer = (async () => {
        const conversation = await recorder.converse(target, peer, {
          signal: AbortSignal.timeout(RECORD_MS),
        });
        try {
          return await conversation.ask("\n", (text) => text.endsWith("@@end\n"), { timeoutMs: RECORD_MS });
        } finally {
          conversation.close();
        }
      })();
      // A failed recording (node down, key refused) is tried again by the next conversation.
      answer.catch(() => recorded.delete(address));
      recorded.set(address, answer);
    }
    return untilAborted(
      answer,
      signal,
      () => new Error("aborted while the node's answer was being recorded"),
    );
  };
  const counted = (conversation: Conversation): Conversation => ({
    get closed() {
      return conversation.closed;
    },
    ask: async (request, isComplete, askOptions) => {
      const answer = await conversation.ask(request, isComplete, askOptions);
      options.onAnswer?.();
      return answer;
    },
    close: () => conversation.close(),
  });
  const converse: SshPool["converse"] = async (target, peer, converseOptions) => {
    if (!isProbeScript(peer)) return pool.converse(target, peer, converseOptions);
    const answer = await record(target, peer, converseOptions?.signal);
    const mode = peer.argv.at(12)?.startsWith("always") ? "always" : "changes";
    return counted(await pool.converse(target, { argv: replayArgv(answer, mode) }, converseOptions));
  };
  return {
    ...pool,
    closeAll: () => {
      recorder.closeAll();
      pool.closeAll();
    },
    converse,
    shell: (target, nodeName) => ({
      ...pool.shell(target, nodeName),
      converse: (p, o) => converse(target, p, o),
    }),
  };
}

/** The inspector's CPU profiler, in this process: only what runs between start and stop. */
export async function startProfiler(): Promise<{ stop(): Promise<object> }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  await post("Profiler.enable");
  await post("Profiler.start");
  return {
    async stop() {
      const { profile } = await post<{ profile: object }>("Profiler.stop");
      session.disconnect();
      return profile;
    },
  };
}

/** This process's CPU time so far (user + system), in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

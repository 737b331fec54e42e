/**
 * A node's probes, kept warm between polls. The facts script loops on the node, answering one line
 * per poll; where socat is installed it also reads HAProxy's admin and master sockets itself, so a
 * poll is one small request and one answer. Otherwise (or when the node's transport is "forward")
 * the two sockets are kept open over SSH stream-local forwarding in interactive (prompt) mode and
 * asked in the same burst. Fewer SSH packets per poll is what makes a poll cheap
 * (scripts/bench/poll-cost.ts). A conversation that fails is closed and opened again; one found dead
 * when reused (HAProxy closes CLI connections on reload) is retried at once on a fresh one.
 */
import { readFileSync } from "node:fs";
import type { NodeObservation } from "@/lib/status/observation";
import { assembleObservation } from "./assemble";
import { parseShowStat, type StatRow } from "./parse/haproxy-stat";
import { parseShowProc, type MasterProc } from "./parse/master-proc";
import { parseNodeFacts, type SocketAnswer } from "./parse/node-facts";
import type { Conversation, ConversationPeer, NodeShell, ProbeSpec } from "./node-shell";

// Static text beside this module; node-specific values go in as quoted positional arguments.
const NODE_FACTS_SCRIPT = readFileSync(new URL("./node-facts.sh", import.meta.url), "utf8");
const ANSWER_TIMEOUT_MS = 10_000;

export interface NodeProbe {
  collect(signal: AbortSignal): Promise<NodeObservation>;
  close(): void;
}

export interface NodeProbeOptions {
  /** Let the node read its HAProxy sockets with socat when it has it (false: stream-local only). */
  socketsOnNode: boolean;
}

/** Ends with HAProxy's interactive prompt: "> " on the admin socket, "master> " on the master CLI. */
export function endsWithPrompt(answer: string): boolean {
  const lastLine = answer.slice(answer.lastIndexOf("\n") + 1);
  return lastLine === "> " || lastLine === "master> ";
}

const withoutPrompt = (answer: string) => answer.slice(0, answer.lastIndexOf("\n") + 1);
const endsWithFactsEnd = (answer: string) => answer.endsWith("@@end\n");
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

function parsed<T>(answer: SocketAnswer, parse: (text: string) => T): T | Error {
  if ("error" in answer) return new Error(answer.error);
  try {
    return parse(answer.text);
  } catch (error) {
    return asError(error);
  }
}

export function createNodeProbe(shell: NodeShell, spec: ProbeSpec, options: NodeProbeOptions = { socketsOnNode: true }): NodeProbe {
  const facts = keptConversation(shell, {
    argv: ["sh", "-c", NODE_FACTS_SCRIPT, "hapair-probe", "loop", spec.haproxyConfigPath, spec.keepalivedConfigPath, spec.haproxyPidFile,
      spec.keepalivedStateFile, spec.adminSocket, spec.masterSocket, options.socketsOnNode ? "socat" : "no", ...spec.certificatePaths],
  });
  const admin = keptConversation(shell, { socketPath: spec.adminSocket }, "prompt\n");
  const master = keptConversation(shell, { socketPath: spec.masterSocket }, "prompt\n");
  // Learned from the first answer: whether the facts script reads the sockets itself.
  let nodeReadsSockets = false;

  const overSsh = async (signal: AbortSignal): Promise<[StatRow[] | Error, MasterProc | Error]> =>
    Promise.all([
      admin.ask("show stat\n", endsWithPrompt, signal).then((answer) => parseShowStat(withoutPrompt(answer)), asError),
      master.ask("show proc\n", endsWithPrompt, signal).then((answer) => parseShowProc(withoutPrompt(answer)), asError),
    ]);

  return {
    async collect(signal) {
      // Requests written in the same tick leave as one TCP burst.
      const askedOverSsh = nodeReadsSockets ? null : overSsh(signal);
      const [factsOutput, sshAnswers] = await Promise.all([facts.ask("\n", endsWithFactsEnd, signal), askedOverSsh]);
      const nodeFacts = parseNodeFacts(factsOutput);
      const onNode = nodeFacts.socketsOnNode;
      nodeReadsSockets = onNode !== null;
      let stat: StatRow[] | Error;
      let proc: MasterProc | Error;
      if (onNode) {
        admin.close();
        master.close();
        stat = parsed(onNode.stat, parseShowStat);
        proc = parsed(onNode.proc, parseShowProc);
      } else {
        [stat, proc] = sshAnswers ?? (await overSsh(signal));
        // A socket file removed on the node still answers on our kept connection, but nothing new can reach it.
        for (const [kept, path] of [[admin, spec.adminSocket], [master, spec.masterSocket]] as const) {
          if (nodeFacts.missingSockets.includes(path)) kept.close();
        }
        if (nodeFacts.missingSockets.includes(spec.adminSocket)) stat = new Error(`${spec.adminSocket} is missing`);
        if (nodeFacts.missingSockets.includes(spec.masterSocket)) proc = new Error(`${spec.masterSocket} is missing`);
      }
      return assembleObservation({ node: shell.nodeName, at: new Date(), facts: nodeFacts, stat, proc }, spec);
    },
    close() {
      for (const kept of [facts, admin, master]) kept.close();
    },
  };
}

/** One poll with nothing kept open afterwards (rollout checks and other one-off reads). */
export async function collectNodeObservation(shell: NodeShell, spec: ProbeSpec, signal: AbortSignal, options?: NodeProbeOptions): Promise<NodeObservation> {
  const probe = createNodeProbe(shell, spec, options);
  try {
    return await probe.collect(signal);
  } finally {
    probe.close();
  }
}

/** One conversation, opened on first use and re-opened after it fails; `hello` switches on prompt mode. */
function keptConversation(shell: NodeShell, peer: ConversationPeer, hello?: string) {
  let current: Conversation | null = null;
  const open = async (signal: AbortSignal): Promise<Conversation> => {
    const opened = await shell.converse(peer, { signal });
    try {
      if (hello) await opened.ask(hello, endsWithPrompt, { signal, timeoutMs: ANSWER_TIMEOUT_MS });
    } catch (error) {
      opened.close();
      throw error;
    }
    return opened;
  };
  return {
    async ask(request: string, isComplete: (answer: string) => boolean, signal: AbortSignal): Promise<string> {
      for (;;) {
        const reused = current !== null && !current.closed;
        if (!current || current.closed) current = await open(signal);
        const conversation = current;
        try {
          return await conversation.ask(request, isComplete, { signal, timeoutMs: ANSWER_TIMEOUT_MS });
        } catch (error) {
          conversation.close();
          if (current === conversation) current = null;
          if (!reused || signal.aborted) throw error;
        }
      }
    },
    close() {
      current?.close();
      current = null;
    },
  };
}

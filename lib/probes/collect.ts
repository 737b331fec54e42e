/**
 * A node's probes, kept warm between polls: the facts script loops on the node answering one line
 * per poll, and HAProxy's admin and master sockets stay open in interactive (prompt) mode. A poll is
 * three small requests written in one burst, and their answers; this is what makes a poll cheap
 * (scripts/bench/poll-cost.ts). A conversation that fails is closed and opened again; one found dead
 * when reused (HAProxy closes CLI connections on reload) is retried at once on a fresh one.
 */
import { readFileSync } from "node:fs";
import type { NodeObservation } from "@/lib/status/observation";
import { assembleObservation } from "./assemble";
import { parseShowStat } from "./parse/haproxy-stat";
import { parseShowProc } from "./parse/master-proc";
import { parseNodeFacts } from "./parse/node-facts";
import type { Conversation, ConversationPeer, NodeShell, ProbeSpec } from "./node-shell";

// Static text beside this module; node-specific values go in as quoted positional arguments.
const NODE_FACTS_SCRIPT = readFileSync(new URL("./node-facts.sh", import.meta.url), "utf8");
const ANSWER_TIMEOUT_MS = 10_000;

export interface NodeProbe {
  collect(signal: AbortSignal): Promise<NodeObservation>;
  close(): void;
}

/** Ends with HAProxy's interactive prompt: "> " on the admin socket, "master> " on the master CLI. */
export function endsWithPrompt(answer: string): boolean {
  const lastLine = answer.slice(answer.lastIndexOf("\n") + 1);
  return lastLine === "> " || lastLine === "master> ";
}

const withoutPrompt = (answer: string) => answer.slice(0, answer.lastIndexOf("\n") + 1);
const endsWithFactsEnd = (answer: string) => answer.endsWith("@@end\n");

export function createNodeProbe(shell: NodeShell, spec: ProbeSpec): NodeProbe {
  const facts = keptConversation(shell, {
    argv: ["sh", "-c", NODE_FACTS_SCRIPT, "hapair-probe", "loop", spec.haproxyConfigPath, spec.keepalivedConfigPath, spec.haproxyPidFile, spec.keepalivedStateFile,
      spec.adminSocket, spec.masterSocket, ...spec.certificatePaths],
  });
  const admin = keptConversation(shell, { socketPath: spec.adminSocket }, "prompt\n");
  const master = keptConversation(shell, { socketPath: spec.masterSocket }, "prompt\n");
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  return {
    async collect(signal) {
      // All three requests are written in the same tick, so they leave as one TCP burst.
      const [factsOutput, stat, proc] = await Promise.all([
        facts.ask("\n", endsWithFactsEnd, signal),
        admin.ask("show stat\n", endsWithPrompt, signal).then((answer) => parseShowStat(withoutPrompt(answer)), asError),
        master.ask("show proc\n", endsWithPrompt, signal).then((answer) => parseShowProc(withoutPrompt(answer)), asError),
      ]);
      const nodeFacts = parseNodeFacts(factsOutput);
      // A socket file removed on the node still answers on our kept connection, but nothing new can reach it.
      const unlessMissing = <T>(kept: KeptConversation, path: string, answer: T | Error): T | Error => {
        if (!nodeFacts.missingSockets.includes(path)) return answer;
        kept.close();
        return new Error(`${path} is missing`);
      };
      return assembleObservation(
        { node: shell.nodeName, at: new Date(), facts: nodeFacts, stat: unlessMissing(admin, spec.adminSocket, stat), proc: unlessMissing(master, spec.masterSocket, proc) },
        spec,
      );
    },
    close() {
      for (const kept of [facts, admin, master]) kept.close();
    },
  };
}

type KeptConversation = ReturnType<typeof keptConversation>;

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

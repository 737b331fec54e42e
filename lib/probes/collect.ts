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
import { deadline, untilAborted } from "@/lib/deadline";
import type { NodeObservation } from "@/lib/status/observation";
import { parseTrafficCsv, trafficSection, type TrafficReading } from "@/lib/traffic/counters";
import { assembleObservation } from "./assemble";
import { parseShowStat, type StatRow } from "./parse/haproxy-stat";
import { parseShowProc, type MasterProc } from "./parse/master-proc";
import { parseNodeFacts, type NodeFacts, type SocketAnswer } from "./parse/node-facts";
import type { Conversation, ConversationPeer, NodeShell } from "@/lib/ssh/node-shell";
import type { ProbeSpec } from "./probe-spec";
import { parseSegmentTail, type SegmentTail } from "./parse/vrrp-segment";
import {
  parseServersState,
  SHOW_SERVERS_STATE,
  type ServerStateDump,
} from "@/lib/runtime-api/runtime-commands";
import { emptySegmentMemory, rememberSegment } from "./segment-memory";

// Static text beside this module; node-specific values go in as quoted positional arguments.
const NODE_FACTS_SCRIPT = readFileSync(new URL("./node-facts.sh", import.meta.url), "utf8");
const ANSWER_TIMEOUT_MS = 10_000;
/** Connecting (its turn in the pool's handshake queue too) and starting the session, past any one poll. */
const OPEN_TIMEOUT_MS = 15_000;

export interface NodeProbe {
  collect(signal: AbortSignal): Promise<NodeObservation>;
  /** The frontends' and backends' counters of the last collect (with `traffic`), null when not read. */
  traffic(): TrafficReading | null;
  close(): void;
}

export interface NodeProbeOptions {
  /** Let the node read its HAProxy sockets with socat when it has it (false: stream-local only). */
  socketsOnNode: boolean;
  /**
   * Let the node answer "@@same" when nothing the poller reads changed since its last answer on this
   * conversation; the last reading is then reused with a new time (default true; false: full answers).
   */
  changesOnly?: boolean;
  /** Also read the frontends' and backends' counters on every poll, for the traffic charts (loop mode). */
  traffic?: boolean;
  /** The command that answers facts requests, instead of the probe script (benchmarks replay recorded answers). */
  factsArgv?: string[];
}

/** The probe script's command: "loop" answers one line of stdin at a time, "once" answers and exits. */
export function factsScriptArgv(spec: ProbeSpec, mode: "loop" | "once", options: NodeProbeOptions): string[] {
  return [
    "sh",
    "-c",
    NODE_FACTS_SCRIPT,
    "hapair-probe",
    mode,
    spec.haproxyConfigPath,
    spec.keepalivedConfigPath,
    spec.haproxyPidFile,
    spec.keepalivedStateFile,
    spec.adminSocket,
    spec.masterSocket,
    options.socketsOnNode ? "socat" : "no",
    (options.changesOnly === false ? "always" : "changes") +
      (options.traffic && mode === "loop" ? "+traffic" : ""),
    spec.vrrpInterface ?? "-",
    ...spec.certificatePaths,
  ];
}

/** How the node's answer starts when nothing changed since its previous one on the same conversation. */
const UNCHANGED = "@@same\n";

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

export function createNodeProbe(
  shell: NodeShell,
  spec: ProbeSpec,
  options: NodeProbeOptions = { socketsOnNode: true },
): NodeProbe {
  const facts = keptConversation(shell, {
    argv: options.factsArgv ?? factsScriptArgv(spec, "loop", options),
  });
  const admin = keptConversation(shell, { socketPath: spec.adminSocket }, "prompt\n");
  const master = keptConversation(shell, { socketPath: spec.masterSocket }, "prompt\n");
  // Learned from the first answer: whether the facts script reads the sockets itself.
  let nodeReadsSockets = false;
  // The facts (and, where the node reads the sockets, the observation) of the last full answer, and the
  // conversation it came on: "@@same" is only ever relative to that conversation's previous answer.
  let last: { conversation: Conversation; facts: NodeFacts; observation: NodeObservation | null } | null =
    null;
  // When the facts conversation last answered: a keepalived dump asked for then is that old now.
  let lastAnswer: { conversation: Conversation; at: number } | null = null;
  let previousAnswer: number | null = null;
  // The last collect's counters, parsed only when asked for (the charts may be off).
  let trafficText: { text: string; at: number; epoch: string } | null = null;
  let segmentMemory = emptySegmentMemory();

  /** The facts answer, parsed; an unchanged answer gives the cached reading (null: none to reuse). */
  const askFacts = async (
    signal: AbortSignal,
  ): Promise<{
    facts: NodeFacts;
    reused: NodeObservation | null;
    conversation: Conversation;
    traffic: string | null;
    tail: SegmentTail;
  }> => {
    for (let attempt = 0; ; attempt++) {
      const { answer, conversation } = await facts.ask("\n", endsWithFactsEnd, signal);
      previousAnswer = lastAnswer?.conversation === conversation ? lastAnswer.at : null;
      lastAnswer = { conversation, at: Date.now() };
      const traffic = options.traffic ? trafficSection(answer) : null;
      const tail = parseSegmentTail(answer);
      if (!answer.startsWith(UNCHANGED))
        return { facts: parseNodeFacts(answer), reused: null, conversation, traffic, tail };
      if (last && last.conversation === conversation)
        return { facts: last.facts, reused: last.observation, conversation, traffic, tail };
      // Cannot happen with a fresh conversation (its first answer is whole); start one to be sure.
      facts.close();
      if (attempt > 0) throw new Error("the node probe answered 'unchanged' on a new conversation");
    }
  };

  let statOverSsh: string | null = null;
  let adminStatesOverSsh: ServerStateDump["servers"] | Error | null = null;
  const overSsh = async (signal: AbortSignal): Promise<[StatRow[] | Error, MasterProc | Error]> =>
    Promise.all([
      admin.ask("show stat\n", endsWithPrompt, signal).then(async ({ answer }) => {
        statOverSsh = withoutPrompt(answer);
        const rows = parseShowStat(statOverSsh);
        // On the same prompt-mode connection, after the stat: one request at a time.
        adminStatesOverSsh = await admin
          .ask(`${SHOW_SERVERS_STATE}\n`, endsWithPrompt, signal)
          .then(
            ({ answer: state }) =>
              parsed({ text: withoutPrompt(state) }, (text) => parseServersState(text).servers),
            asError,
          );
        return rows;
      }, asError),
      master
        .ask("show proc\n", endsWithPrompt, signal)
        .then(({ answer }) => parseShowProc(withoutPrompt(answer)), asError),
    ]);

  return {
    async collect(signal) {
      // Requests written in the same tick leave as one TCP burst.
      trafficText = null;
      statOverSsh = null;
      adminStatesOverSsh = null;
      const askedOverSsh = nodeReadsSockets ? null : overSsh(signal);
      const [{ facts: nodeFacts, reused, conversation, traffic, tail }, sshAnswers] = await Promise.all([
        askFacts(signal),
        askedOverSsh,
      ]);
      const at = new Date();
      const vrrpAgeMs =
        nodeFacts.keepalivedJsonAsked === "previous" && previousAnswer !== null
          ? Math.max(0, at.getTime() - previousAnswer)
          : 0;
      const remembered = rememberSegment(
        segmentMemory,
        tail,
        at.getTime(),
        at.getTime() - vrrpAgeMs,
        spec.vrrpInterface ?? null,
        nodeFacts.interfaces.flatMap((i) => i.addresses.map((a) => a.address)),
      );
      segmentMemory = remembered.memory;
      const keepTraffic = (observation: NodeObservation): NodeObservation => {
        const text = statOverSsh ?? traffic;
        if (options.traffic && text !== null && observation.haproxy?.running)
          trafficText = { text, at: at.getTime(), epoch: observation.haproxy.workerPids.join(",") };
        const { segment: _segment, adverts: _adverts, ...rest } = observation;
        return {
          ...rest,
          ...(remembered.segment ? { segment: remembered.segment } : {}),
          ...(remembered.adverts.length > 0 ? { adverts: remembered.adverts } : {}),
        };
      };
      if (reused)
        return keepTraffic({
          ...reused,
          at: at.toISOString(),
          keepalived: withVrrpAge(reused.keepalived, vrrpAgeMs),
        });
      const onNode = nodeFacts.socketsOnNode;
      nodeReadsSockets = onNode !== null;
      let stat: StatRow[] | Error;
      let proc: MasterProc | Error;
      let adminStates: ServerStateDump["servers"] | Error | null = null;
      if (onNode) {
        admin.close();
        master.close();
        stat = parsed(onNode.stat, parseShowStat);
        proc = parsed(onNode.proc, parseShowProc);
        const { serversState } = onNode;
        if (serversState !== null)
          adminStates = parsed({ text: serversState }, (text) => parseServersState(text).servers);
      } else {
        [stat, proc] = sshAnswers ?? (await overSsh(signal));
        adminStates = adminStatesOverSsh;
        // A socket file removed on the node still answers on our kept connection, but nothing new can reach it.
        for (const [kept, path] of [
          [admin, spec.adminSocket],
          [master, spec.masterSocket],
        ] as const) {
          if (nodeFacts.missingSockets.includes(path)) kept.close();
        }
        if (nodeFacts.missingSockets.includes(spec.adminSocket))
          stat = new Error(`${spec.adminSocket} is missing`);
        if (nodeFacts.missingSockets.includes(spec.masterSocket))
          proc = new Error(`${spec.masterSocket} is missing`);
      }
      const observation = assembleObservation(
        { node: shell.nodeName, at, facts: nodeFacts, stat, proc, adminStates, vrrpAgeMs },
        spec,
      );
      // Reusable whole only when the answer held everything (the sockets were read on the node).
      last = { conversation, facts: nodeFacts, observation: onNode ? observation : null };
      return keepTraffic(observation);
    },
    traffic() {
      return (
        trafficText && {
          at: trafficText.at,
          epoch: trafficText.epoch,
          proxies: parseTrafficCsv(trafficText.text),
        }
      );
    },
    close() {
      for (const kept of [facts, admin, master]) kept.close();
    },
  };
}

function withVrrpAge(
  keepalived: NodeObservation["keepalived"],
  ageMs: number,
): NodeObservation["keepalived"] {
  if (!keepalived) return keepalived;
  const { stateAgeMs: _previous, ...rest } = keepalived;
  return ageMs > 0 ? { ...rest, stateAgeMs: ageMs } : rest;
}

/** One poll with nothing kept open afterwards (rollout checks and other one-off reads). */
export async function collectNodeObservation(
  shell: NodeShell,
  spec: ProbeSpec,
  signal: AbortSignal,
  options?: NodeProbeOptions,
): Promise<NodeObservation> {
  const probe = createNodeProbe(shell, spec, options);
  try {
    return await probe.collect(signal);
  } finally {
    probe.close();
  }
}

/**
 * One conversation, opened on first use and re-opened after it fails; `hello` switches on prompt mode.
 * The opening is bounded by OPEN_TIMEOUT_MS, not by the poll that started it: a node slow to start a
 * session (a busy sshd, 1,000 nodes connecting at once) had each poll's deadline end its opening, and
 * the next poll start over, so it was never polled. A poll that stops waiting leaves the opening to the next.
 */
function keptConversation(shell: NodeShell, peer: ConversationPeer, hello?: string) {
  let current: Conversation | null = null;
  let opening: Promise<Conversation> | null = null;
  /** Moved on by close(): an opening that ends after it is closed at once. */
  let generation = 0;
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
  const startOpening = (): Promise<Conversation> => {
    const bound = deadline(OPEN_TIMEOUT_MS);
    const startedIn = generation;
    const promise = open(bound.signal).finally(() => bound.release());
    opening = promise;
    promise.then(
      (conversation) => {
        if (opening === promise) opening = null;
        if (generation !== startedIn) conversation.close();
      },
      () => {
        if (opening === promise) opening = null;
      },
    );
    return promise;
  };
  const opened = async (signal: AbortSignal): Promise<Conversation> => {
    const conversation = await untilAborted(
      opening ?? startOpening(),
      signal,
      () => new Error("aborted while the conversation was being opened (it goes on for the next poll)"),
    );
    if (conversation.closed) throw new Error("the conversation closed as it opened");
    return conversation;
  };
  return {
    async ask(
      request: string,
      isComplete: (answer: string) => boolean,
      signal: AbortSignal,
    ): Promise<{ answer: string; conversation: Conversation }> {
      for (;;) {
        const reused = current !== null && !current.closed;
        if (!current || current.closed) current = await opened(signal);
        const conversation = current;
        try {
          return {
            answer: await conversation.ask(request, isComplete, { signal, timeoutMs: ANSWER_TIMEOUT_MS }),
            conversation,
          };
        } catch (error) {
          conversation.close();
          if (current === conversation) current = null;
          if (!reused || signal.aborted) throw error;
        }
      }
    },
    close() {
      generation += 1;
      opening = null;
      current?.close();
      current = null;
    },
  };
}

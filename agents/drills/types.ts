/** What the drill executor needs from the world: node operations, the store, the client loop, time. Fakes in tests. */
import type {
  ClientImpact,
  DrillAlert,
  DrillExpectation,
  DrillMode,
  DrillStep,
  TimelineEntry,
} from "@/lib/drill/types";

export interface CommandResult {
  ok: boolean;
  exitCode: number | null;
  output: string;
}

export interface DrillNodeIo {
  readonly name: string;
  run(argv: string[], timeoutMs?: number): Promise<CommandResult>;
  /** Whether the node holds every VIP; null when it does not answer. */
  vipHeld(): Promise<boolean | null>;
  haproxyRunning(): Promise<boolean | null>;
  mac(): Promise<string | null>;
}

export interface ClientLoop {
  stop(): Promise<ClientImpact>;
}

export interface DrillIo {
  nodes: Record<string, DrillNodeIo>;
  persist(state: { steps: DrillStep[]; timeline: TimelineEntry[] }): Promise<void>;
  /** Alert incidents of the cluster opened since the drill started. */
  alerts(sinceMs: number, faultAtMs: number | null): Promise<DrillAlert[]>;
  startClient(): ClientLoop | null;
  abortRequested(): Promise<boolean>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface DrillPlan {
  id: number;
  mode: DrillMode;
  holder: string;
  peer: string;
  expectation: DrillExpectation;
  vips: string[];
  vipInterface: string;
  commands: { haproxyStop: string[]; haproxyStart: string[] };
  deadManSeconds: number;
  nodeDeathCommand: string[] | null;
  returnWithinMs: number;
  splitBrainHoldMs: number;
  forceReason: string | null;
  forcedOver: string[];
  pollMs: number;
  startedAtMs: number;
}

/** The lab's long-lived processes: one init per LB node (sshd, HAProxy, Keepalived inside) and the backends. */
import { openSync, closeSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { must, processAlive, run, sleep, startDetached } from "./sh";
import { ASSETS_DIR, logFile, readPid, unhealthyFlag, writePid } from "./state";
import { BACKEND_PORT, type LabHost, type LabNode } from "./topology";

export interface NamespaceProcess {
  pid: number;
  command: string;
}

/** Every process whose network namespace is the given one (this includes a node's own PID namespace). */
export function namespaceProcesses(namespace: string): NamespaceProcess[] {
  const pids = run("ip", ["netns", "pids", namespace]).stdout.split(/\s+/).filter(Boolean).map(Number);
  return pids.flatMap((pid) => {
    try {
      return [{ pid, command: readFileSync(`/proc/${pid}/comm`, "utf8").trim() }];
    } catch {
      return []; // exited meanwhile
    }
  });
}

export async function killNamespaceProcesses(namespace: string): Promise<void> {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    const processes = namespaceProcesses(namespace);
    if (processes.length === 0) return;
    for (const { pid } of processes) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 20 && namespaceProcesses(namespace).length > 0; i++) await sleep(100);
  }
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Host PID of a node's PID-namespace init (tini), the target for nsenter; null when the node is dead. */
export function nodeInitPid(node: LabNode): number | null {
  const unsharePid = readPid(node.name);
  if (!unsharePid || !processAlive(unsharePid)) return null;
  return children(unsharePid)[0] ?? null;
}

/** Starts `argv` detached in the host's network namespace, output appended to its log, its PID recorded. */
function startInNamespace(host: Pick<LabHost, "name" | "namespace">, argv: string[]): void {
  const log = openSync(logFile(host.name), "a");
  try {
    writePid(host.name, startDetached("ip", ["netns", "exec", host.namespace, ...argv], log));
  } finally {
    closeSync(log);
  }
}

export function startNode(node: LabNode): void {
  startInNamespace(node, [
    "unshare",
    "--pid",
    "--fork",
    "--mount-proc",
    "tini",
    "-s",
    "--",
    "sh",
    join(ASSETS_DIR, "node-init.sh"),
    ASSETS_DIR,
  ]);
}

/** Runs a command inside a node's network, mount and PID namespaces (as its own processes see the world). */
export function nodeExecArgs(node: LabNode, argv: string[]): string[] {
  const init = nodeInitPid(node);
  if (!init) throw new Error(`lab node ${node.name} is not running`);
  return ["-t", String(init), "-n", "-m", "-p", "--wd=/", "--", ...argv];
}

export function nodeExec(node: LabNode, argv: string[], timeoutMs = 30_000) {
  return run("nsenter", nodeExecArgs(node, argv), { timeoutMs });
}

export function nodeMust(node: LabNode, argv: string[]): string {
  return must("nsenter", nodeExecArgs(node, argv));
}

export function startBackend(backend: LabHost): void {
  startInNamespace(backend, [
    process.execPath,
    join(ASSETS_DIR, "backend.mjs"),
    backend.name,
    backend.address,
    String(BACKEND_PORT),
    unhealthyFlag(backend.name),
  ]);
}

export function backendAlive(backend: LabHost): boolean {
  const pid = readPid(backend.name);
  return pid !== null && namespaceProcesses(backend.namespace).some((p) => p.pid === pid);
}

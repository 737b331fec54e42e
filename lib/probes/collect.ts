/**
 * One poll of one node: three round trips over the node's pooled SSH connection, run concurrently:
 * the static facts script, `show stat` on the admin socket, `show proc` on the master socket.
 */
import { readFileSync } from "node:fs";
import type { NodeObservation } from "@/lib/status/observation";
import { assembleObservation } from "./assemble";
import { parseShowStat } from "./parse/haproxy-stat";
import { parseShowProc } from "./parse/master-proc";
import { parseNodeFacts } from "./parse/node-facts";
import type { NodeShell, ProbeSpec } from "./node-shell";

// Static text beside this module; node-specific values go in as quoted positional arguments.
const NODE_FACTS_SCRIPT = readFileSync(new URL("./node-facts.sh", import.meta.url), "utf8");

export async function collectNodeObservation(shell: NodeShell, spec: ProbeSpec, signal: AbortSignal): Promise<NodeObservation> {
  const factsArgv = [
    "sh",
    "-c",
    NODE_FACTS_SCRIPT,
    "hapair-probe",
    spec.haproxyConfigPath,
    spec.keepalivedConfigPath,
    spec.haproxyPidFile,
    spec.keepalivedStateFile,
    ...spec.certificatePaths,
  ];
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
  const [factsOutput, stat, proc] = await Promise.all([
    shell.exec(factsArgv, { signal }),
    shell.socket(spec.adminSocket, "show stat", { signal }).then(parseShowStat, asError),
    shell.socket(spec.masterSocket, "show proc", { signal }).then(parseShowProc, asError),
  ]);
  return assembleObservation({ node: shell.nodeName, at: new Date(), facts: parseNodeFacts(factsOutput.stdout), stat, proc }, spec);
}

/**
 * npm run lab -- up [--pairs N] [--leave-running] | down | status [--json] | exec NODE -- CMD… | backend NAME healthy|unhealthy
 */
import { vipHolders } from "./checks";
import { setBackendHealthy } from "./control";
import { labDown } from "./down";
import { readInventory } from "./inventory";
import { namespaceProcesses, nodeExec } from "./processes";
import { labTopology } from "./topology";
import { labUp } from "./up";
import { errorMessage } from "@/lib/error-message";

const log = (line: string) => console.log(`[lab] ${line}`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "up": {
      const pairsFlag = rest.indexOf("--pairs");
      const pairs = pairsFlag >= 0 ? Number(rest[pairsFlag + 1]) : undefined;
      await labUp({ pairs, log, leaveRunning: rest.includes("--leave-running") });
      return 0;
    }
    case "down":
      await labDown(log);
      return 0;
    case "status":
      return status(rest.includes("--json"));
    case "exec": {
      const [nodeName, separator, ...cmd] = rest;
      if (!nodeName || separator !== "--" || cmd.length === 0)
        throw new Error("usage: lab exec NODE -- COMMAND [ARG…]");
      const node = findNode(nodeName);
      const result = nodeExec(node, cmd);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      return result.code;
    }
    case "backend": {
      const [name, state] = rest;
      if (!name || (state !== "healthy" && state !== "unhealthy"))
        throw new Error("usage: lab backend NAME healthy|unhealthy");
      setBackendHealthy(name, state === "healthy");
      log(`${name} is now ${state}`);
      return 0;
    }
    default:
      console.error(
        "usage: npm run lab -- up [--pairs N] [--leave-running] | down | status [--json] | exec NODE -- CMD… | backend NAME healthy|unhealthy",
      );
      return 2;
  }
}

function findNode(name: string) {
  const inventory = readInventory();
  const pairCount = inventory?.pairs.length ?? 1;
  const node = labTopology(pairCount)
    .pairs.flatMap((p) => p.nodes)
    .find((n) => n.name === name);
  if (!node) throw new Error(`no lab node named ${name}`);
  return node;
}

function status(json: boolean): number {
  const inventory = readInventory();
  if (json) {
    console.log(JSON.stringify(inventory ?? { up: false }, null, 2));
    return 0;
  }
  if (!inventory) {
    console.log("lab is down");
    return 0;
  }
  for (const pair of inventory.pairs) {
    console.log(
      `${pair.name}: VIP ${pair.vip}/${pair.vipPrefix} (VRID ${pair.vrid}) held by ${vipHolders(pair).join(", ") || "nobody"}`,
    );
    for (const node of pair.nodes) {
      const running = new Set(namespaceProcesses(node.namespace).map((p) => p.command));
      const daemons = ["sshd", "haproxy", "keepalived"]
        .map((d) => `${d}:${running.has(d) ? "up" : "DOWN"}`)
        .join(" ");
      console.log(
        `  ${node.name.padEnd(6)} ${node.address.padEnd(10)} ${node.role.padEnd(6)} prio ${node.priority}  ${daemons}  ssh root@${node.address}:22`,
      );
    }
  }
  for (const backend of inventory.backends)
    console.log(`  ${backend.name.padEnd(6)} ${backend.address}:${backend.port}`);
  console.log(`  client ${inventory.client.address}   key ${inventory.keyPath}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[lab] ${errorMessage(error)}`);
    process.exit(1);
  },
);

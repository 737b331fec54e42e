/** Argument parsing for `hapair --server URL COMMAND …` (lib/cli/remote-commands.ts does the work). */
import { parseArgs } from "node:util";
import { remoteCert } from "./cert-commands";
import { UsageError, type CliIo } from "./io";
import { SHARED_OPTIONS } from "./options";
import { remoteClient } from "./remote-client";
import {
  remoteApply,
  remoteDiff,
  remoteDrill,
  remoteExport,
  remoteRollout,
  remoteValidate,
  type RemoteOptions,
} from "./remote-commands";

export async function remoteMain(
  argv: string[],
  io: CliIo,
  env: Record<string, string | undefined>,
  fetchImpl?: typeof fetch,
): Promise<number> {
  if (argv.some((arg) => arg.startsWith("--token")))
    throw new UsageError("no --token flag: set HAPAIR_TOKEN (a flag shows in ps and in shell history)");
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: "string" },
      ...SHARED_OPTIONS,
      "confirm-drift": { type: "boolean", default: false },
      timeout: { type: "string", default: "900" },
    },
  });
  const client = remoteClient(values.server ?? "", env, fetchImpl);
  const [command, target, ...more] = positionals;
  const options: RemoteOptions = {
    message: values.message,
    revision: values.revision,
    mode: values.mode,
    force: values.force,
    reason: values.reason,
    confirmDrift: values["confirm-drift"],
    confirmNodeDeath: values["confirm-node-death"],
    json: values.json,
    timeoutSeconds: Number(values.timeout) > 0 ? Number(values.timeout) : 900,
    pollMs: Number(env.HAPAIR_CLI_POLL_MS) > 0 ? Number(env.HAPAIR_CLI_POLL_MS) : undefined,
  };
  switch (command) {
    case "validate":
      return remoteValidate(io, client, target);
    case "diff":
      return remoteDiff(io, client, target);
    case "apply":
      return remoteApply(io, client, target, options.message);
    case "export":
      return remoteExport(io, client, target, options.revision);
    case "rollout":
      return remoteRollout(io, client, target, options);
    case "drill":
      return remoteDrill(io, client, target, options);
    case "cert":
      return remoteCert(io, client, {
        action: target,
        cluster: more[0],
        target: more[1],
        name: values.name,
        pem: values.pem,
        path: values.path,
        json: values.json,
        wait: values.wait,
        timeoutSeconds: options.timeoutSeconds,
        pollMs: options.pollMs,
      });
    default:
      throw new UsageError(
        `with --server: validate, diff, apply, export, rollout, drill or cert, not ${command ?? "nothing"}`,
      );
  }
}

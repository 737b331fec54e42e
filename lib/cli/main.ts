/** `hapair` command-line entry: parses arguments and dispatches; returns the exit code. */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { secretsCommand, userCommand } from "./admin-commands";
import { backupCommand, restoreCommand } from "./backup-commands";
import { applyCommand, exportCommand } from "./database-commands";
import { certCommand } from "./cert-commands";
import { drillCommand } from "./drill-command";
import { importCommand, renderCommand, validateCommand } from "./commands";
import { UsageError, type CliIo } from "./io";
import { SHARED_OPTIONS } from "./options";
import { remoteMain } from "./remote-main";
import type { Database } from "@/lib/db/client";

const USAGE = `usage:
  hapair import --haproxy FILE --keepalived NODE=FILE --keepalived NODE=FILE [--address NODE=IP]... [--name NAME]
  hapair validate FILE...
  hapair render FILE --out DIR
  hapair apply FILE [--message TEXT]
  hapair export NAME [--revision N]
  hapair user add NAME [--role viewer|operator|admin] [--password-stdin]
  hapair user passwd NAME [--password-stdin]
  hapair user list
  hapair secrets rotate | reseal
  hapair backup FILE    (SQLite online backup, safe while hapair runs)
  hapair restore FILE   (hapair stopped: checked, swapped in, the old database kept beside it)
  hapair cert add CLUSTER --name NAME --pem FILE [--path PATH]   (stored with the key sealed, then put on both nodes)
  hapair cert list CLUSTER [--json]
  hapair cert remove CLUSTER NAME
  hapair cert order CLUSTER NAME [--wait] [--timeout S]   (ACME: one of the definition's acme.certificates, now)
  hapair cert orders CLUSTER [--json]   (the ACME certificates and recent ACME jobs)
  hapair drill CLUSTER --mode process|node|partition [--force --reason TEXT] [--confirm-node-death] [--wait] [--json] [--timeout SECONDS]

remote (over the HTTP API; the API token comes from HAPAIR_TOKEN, never a flag):
  hapair --server URL validate FILE
  hapair --server URL diff FILE
  hapair --server URL apply FILE [--message TEXT]
  hapair --server URL export NAME [--revision N]
  hapair --server URL rollout CLUSTER [--revision N] [--mode graceful|verify-on-backup] [--force --reason TEXT] [--confirm-drift] [--timeout SECONDS]
  hapair --server URL cert add|list|remove|order|orders CLUSTER …   (as above)
  hapair --server URL drill CLUSTER --mode process|node|partition [--force --reason TEXT] [--confirm-node-death] [--json] [--timeout SECONDS]
  exit codes: 0 done / passed, 1 refused or failed, 2 usage, 3 rolled back, 4 interrupted or still running
`;

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, "utf8"),
  readStdin: () => readFileSync(0, "utf8"),
};

async function withDatabase<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { db } = await import("@/lib/db/client");
  await migrateDatabase();
  try {
    return await run(db);
  } finally {
    await db.$disconnect();
  }
}

export async function main(
  argv: string[],
  io: CliIo = processIo,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  if (argv.some((arg) => arg === "--server" || arg.startsWith("--server=") || arg.startsWith("--token"))) {
    try {
      return await remoteMain(argv, io, env);
    } catch (error) {
      if (!(error instanceof UsageError || (error instanceof TypeError && "code" in error))) throw error;
      io.stderr(`${error.message}\n${USAGE}`);
      return 2;
    }
  }
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        haproxy: { type: "string" },
        keepalived: { type: "string", multiple: true, default: [] },
        address: { type: "string", multiple: true, default: [] },
        ...SHARED_OPTIONS,
        out: { type: "string" },
        role: { type: "string" },
        "password-stdin": { type: "boolean", default: false },
        timeout: { type: "string", default: "600" },
      },
    });
    switch (command) {
      case "import":
        return importCommand(io, {
          haproxy: values.haproxy,
          keepalived: values.keepalived,
          address: values.address,
          name: values.name,
        });
      case "validate":
        return await validateCommand(io, positionals);
      case "render":
        return renderCommand(io, positionals[0], values.out);
      case "apply":
        return await withDatabase((db) => applyCommand(io, db, positionals[0], values.message));
      case "export":
        return await withDatabase((db) => exportCommand(io, db, positionals[0], values.revision));
      case "user":
        return await withDatabase((db) =>
          userCommand(io, db, {
            action: positionals[0],
            name: positionals[1],
            role: values.role,
            passwordStdin: values["password-stdin"],
          }),
        );
      case "drill":
        return await withDatabase((db) =>
          drillCommand(io, db, {
            cluster: positionals[0],
            mode: values.mode,
            force: values.force,
            reason: values.reason,
            confirmNodeDeath: values["confirm-node-death"],
            wait: values.wait,
            json: values.json,
            timeoutSeconds: Number(values.timeout) || 600,
          }),
        );
      case "cert":
        return await withDatabase((db) =>
          certCommand(io, db, {
            action: positionals[0],
            cluster: positionals[1],
            target: positionals[2],
            name: values.name,
            pem: values.pem,
            path: values.path,
            json: values.json,
            wait: values.wait,
            timeoutSeconds: Number(values.timeout) || 600,
          }),
        );
      case "backup":
        return await backupCommand(io, positionals[0]);
      case "restore":
        return await restoreCommand(io, positionals[0]);
      case "secrets":
        return await withDatabase((db) => secretsCommand(io, db, positionals[0]));
      default:
        io.stderr(USAGE);
        return command === undefined || command === "help" || command === "--help" ? 0 : 2;
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      io.stderr(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

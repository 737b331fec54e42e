/**
 * `hapair user …` and `hapair secrets …`: run on the hapair server itself (whoever can run them can
 * read the database and the key file anyway). Passwords come from standard input, never arguments,
 * so they stay out of shell history and `ps`.
 */
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { certificateResealUpdates } from "@/lib/store/certificates";
import { auditWrite, recordAudit } from "@/lib/audit/audit";
import { newUserSchema, passwordSchema } from "@/lib/auth/schemas";
import { changeUser, createUser, listUsers } from "@/lib/auth/users";
import { resealSecrets, sealSecrets, storedSecrets } from "@/lib/secrets/definition-secrets";
import { loadKeyring, stageNewKeyFile, type Keyring } from "@/lib/secrets/keyring";
import { clusterDefinitionSchema, zodIssues } from "@/lib/cluster/definition";
import { resealAcmeAccounts } from "@/lib/store/acme-jobs";
import { printIssues, UsageError, type CliIo } from "./io";
import type { Prisma } from "@/generated/prisma/client";

const cliActor = () => `cli:${process.env.SUDO_USER ?? process.env.USER ?? "unknown"}`;

/** The password from stdin (first line), or a generated one that is printed once. */
function passwordFrom(io: CliIo, fromStdin: boolean): { password: string; generated: boolean } {
  if (fromStdin) return { password: (io.readStdin?.() ?? "").split(/\r?\n/)[0] ?? "", generated: false };
  return { password: randomBytes(18).toString("base64url"), generated: true };
}

export async function userCommand(
  io: CliIo,
  db: Database,
  args: { action?: string; name?: string; role?: string; passwordStdin: boolean },
): Promise<number> {
  switch (args.action) {
    case "list": {
      for (const user of await listUsers(db))
        io.stdout(`${user.username}\t${user.role}\t${user.disabled ? "disabled" : "active"}\n`);
      return 0;
    }
    case "add": {
      const { password, generated } = passwordFrom(io, args.passwordStdin);
      const parsed = newUserSchema.safeParse({
        username: args.name ?? "",
        password,
        role: args.role ?? "viewer",
      });
      if (!parsed.success) {
        printIssues(io, zodIssues(parsed.error));
        return 1;
      }
      const outcome = await createUser(db, parsed.data, cliActor());
      if (!outcome.ok) {
        printIssues(io, outcome.issues);
        return 1;
      }
      io.stdout(
        `created ${outcome.user.username} (${outcome.user.role})${generated ? `; password: ${password}` : ""}\n`,
      );
      return 0;
    }
    case "passwd": {
      const { password, generated } = passwordFrom(io, args.passwordStdin);
      const valid = passwordSchema.safeParse(password);
      if (!valid.success) {
        printIssues(
          io,
          zodIssues(valid.error).map((issue) => ({ ...issue, path: "password" })),
        );
        return 1;
      }
      const user = args.name ? await db.user.findUnique({ where: { username: args.name } }) : null;
      if (!user) {
        io.stderr(`no user "${args.name ?? ""}"\n`);
        return 1;
      }
      const outcome = await changeUser(db, user.id, { password, disabled: false }, cliActor());
      if (!outcome.ok) {
        printIssues(io, outcome.issues);
        return 1;
      }
      io.stdout(
        `password of ${user.username} changed; their sessions ended${generated ? `; new password: ${password}` : ""}\n`,
      );
      return 0;
    }
    default:
      throw new UsageError(
        "user needs add NAME [--role viewer|operator|admin] [--password-stdin] | passwd NAME [--password-stdin] | list",
      );
  }
}

/** Re-seals every stored secret with the keyring's current key; also seals secrets older revisions kept in the document. */
async function resealAll(db: Database, keyring: Keyring): Promise<number> {
  const revisions = await db.clusterRevision.findMany({ select: { id: true, spec: true, secrets: true } });
  const updates = revisions.flatMap((revision) => {
    const parsed = clusterDefinitionSchema.safeParse(revision.spec);
    if (!parsed.success) return [];
    const current = resealSecrets(storedSecrets(revision.secrets), keyring);
    const sealed = sealSecrets(parsed.data, current, keyring);
    if (!sealed.ok) return [];
    return [
      db.clusterRevision.update({
        where: { id: revision.id },
        data: { spec: sealed.spec as Prisma.InputJsonValue, secrets: sealed.secrets },
      }),
    ];
  });
  // Certificates' private keys are sealed with the same key: re-sealed in the same batch.
  const certificates = await certificateResealUpdates(db, keyring);
  await db.$transaction([
    ...updates,
    ...(await resealAcmeAccounts(db, keyring)),
    ...certificates,
    auditWrite(db, {
      actor: cliActor(),
      action: "secrets.reseal",
      detail: { revisions: updates.length, certificates: certificates.length, keyId: keyring.current.id },
    }),
  ]);
  return updates.length;
}

export async function secretsCommand(io: CliIo, db: Database, action: string | undefined): Promise<number> {
  if (action === "reseal") {
    const keyring = loadKeyring();
    io.stdout(`re-sealed ${await resealAll(db, keyring)} revision(s) with key ${keyring.current.id}\n`);
    return 0;
  }
  if (action === "rotate") {
    const old = loadKeyring();
    const staged = stageNewKeyFile();
    const count = await resealAll(db, { current: staged.next, all: [staged.next, ...old.all] });
    staged.commit();
    await recordAudit(db, {
      actor: cliActor(),
      action: "secrets.rotate",
      detail: { from: old.current.id, to: staged.next.id },
    });
    io.stdout(
      `rotated: key ${old.current.id} → ${staged.next.id}; ${count} revision(s) re-sealed; restart hapair (web and agents) to load the new key\n`,
    );
    return 0;
  }
  throw new UsageError("secrets needs rotate | reseal");
}

/** The `hapair` commands. Each returns its exit code: 0 done, 1 invalid input, 2 usage error. */
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import { keptSecretPaths } from "@/lib/secrets/definition-secrets";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { adoptionWarnings } from "@/lib/certificates/adopt";
import { importPair } from "@/lib/cluster/import/import-pair";
import { importRequestSchema } from "@/lib/cluster/import/import-request";
import { validateDefinition, zodIssues } from "@/lib/cluster/definition";
import { nodeKeyIssues } from "@/lib/store/node-keys";
import { renderCluster } from "@/lib/cluster/render";
import { definitionToYaml } from "@/lib/cluster/yaml";
import { stringify } from "yaml";
import { printIssues, printWarnings, UsageError, type CliIo } from "./io";
import { loadDefinitionFile } from "./load-file";

function pairs(values: string[], flag: string): [string, string][] {
  return values.map((value) => {
    const at = value.indexOf("=");
    if (at < 1) throw new UsageError(`${flag} takes NODE=VALUE, got "${value}"`);
    return [value.slice(0, at), value.slice(at + 1)];
  });
}

export function importCommand(
  io: CliIo,
  options: { haproxy?: string; keepalived: string[]; address: string[]; name?: string },
): number {
  if (!options.haproxy || options.keepalived.length !== 2)
    throw new UsageError("import needs --haproxy FILE and two --keepalived NODE=FILE");
  const files = pairs(options.keepalived, "--keepalived");
  const request = importRequestSchema.safeParse({
    name: options.name ?? "imported",
    haproxyCfg: io.readFile(options.haproxy),
    keepalived: files.map(([node, file]) => ({ node, text: io.readFile(file) })),
    addresses: Object.fromEntries(pairs(options.address, "--address")),
  });
  if (!request.success) {
    printIssues(io, zodIssues(request.error));
    return 1;
  }
  const imported = importPair(request.data);
  if (imported.refusals.length > 0) {
    printIssues(io, imported.refusals);
    return 1;
  }
  const validation = validateDefinition(imported.definition);
  printWarnings(io, [...imported.warnings, ...adoptionWarnings(imported.definition), ...validation.warnings]);
  // Print the draft even when it is not valid yet: the operator completes it in their editor.
  io.stdout(
    validation.ok
      ? definitionToYaml(validation.definition, "imported")
      : stringify(imported.definition, { lineWidth: 0 }),
  );
  if (!validation.ok) printIssues(io, validation.issues);
  return validation.ok ? 0 : 1;
}

/** Validates like a save does, the SSH keys included (key files are read here, from the key folder). */
export async function validateCommand(io: CliIo, files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError("validate needs FILE");
  let failed = 0;
  for (const file of files) {
    const prefix = files.length > 1 ? `${file}: ` : "";
    const result = loadDefinitionFile(io, file);
    printWarnings(io, result.warnings, prefix);
    const issues = result.ok ? await nodeKeyIssues(result.definition) : result.issues;
    if (issues.length > 0) {
      printIssues(io, issues, prefix);
      failed++;
    }
  }
  return failed === 0 ? 0 : 1;
}

export function renderCommand(io: CliIo, file: string | undefined, outDir: string | undefined): number {
  if (!file || !outDir) throw new UsageError("render needs FILE and --out DIR");
  const result = loadDefinitionFile(io, file);
  printWarnings(io, result.warnings);
  if (!result.ok) {
    printIssues(io, result.issues);
    return 1;
  }
  // An exported file carries secrets only as the marker: rendering it would write a wrong auth_pass.
  const kept = keptSecretPaths(result.definition);
  if (kept.length > 0) {
    printIssues(
      io,
      kept.map((path) => ({
        path,
        message: `holds ${KEPT_SECRET}: put the secret itself in the file to render it`,
      })),
    );
    return 1;
  }
  const rendered = renderCluster(result.definition);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "haproxy.cfg"), rendered.haproxyCfg);
  writeFileSync(join(outDir, "hapair-notify.sh"), rendered.notifyScript, { mode: 0o755 });
  for (const [node, text] of Object.entries(rendered.keepalived)) {
    mkdirSync(join(outDir, node), { recursive: true });
    writeFileSync(join(outDir, node, "keepalived.conf"), text);
  }
  io.stdout(
    `wrote ${join(outDir, "haproxy.cfg")}, ${Object.keys(rendered.keepalived)
      .map((n) => join(outDir, n, "keepalived.conf"))
      .join(", ")}\n`,
  );
  return 0;
}

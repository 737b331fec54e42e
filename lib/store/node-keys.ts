/**
 * Server-side checks of a definition's SSH keys, at save (API, CLI apply and validate): a pasted key
 * must parse unencrypted, a key file must be inside the key folder, a regular file and a usable key.
 * The browser cannot check these (no files, no ssh2), so they are not in lib/cluster's validation;
 * lib/ssh checks again before connecting, for keys saved earlier or files changed since.
 */
import type { ClusterDefinition, FieldIssue } from "@/lib/cluster/definition";
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import { KeyFileProblem, readKeyFile } from "@/lib/ssh/key-file";
import { privateKeyProblem } from "@/lib/ssh/private-key";

export async function nodeKeyIssues(definition: ClusterDefinition): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  for (const [index, node] of definition.nodes.entries()) {
    const { privateKey, identityFile } = node.ssh;
    if (privateKey && privateKey !== KEPT_SECRET) {
      const problem = privateKeyProblem(privateKey);
      if (problem) issues.push({ path: `nodes.${index}.ssh.privateKey`, message: problem });
    } else if (!privateKey && identityFile) {
      const problem = await readKeyFile(identityFile).then(
        (key) => privateKeyProblem(key),
        (error: unknown) =>
          error instanceof KeyFileProblem ? error.message : `cannot be read: ${String(error)}`,
      );
      if (problem) issues.push({ path: `nodes.${index}.ssh.identityFile`, message: problem });
    }
  }
  return issues;
}

/** What CLI commands read and write: injected so commands stay testable and never call process.exit. */
import type { FieldIssue } from "@/lib/cluster/definition";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  /** All of standard input (passwords); absent where there is none. */
  readStdin?: () => string;
}

export function printIssues(io: CliIo, issues: FieldIssue[], prefix = ""): void {
  for (const issue of issues) io.stderr(`${prefix}${issue.path}: ${issue.message}\n`);
}

export function printWarnings(io: CliIo, warnings: FieldIssue[], prefix = ""): void {
  for (const warning of warnings) io.stderr(`${prefix}warning: ${warning.path}: ${warning.message}\n`);
}

export class UsageError extends Error {}

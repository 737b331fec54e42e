export {
  atomicTempPrefix,
  createSshPool,
  DEFAULT_EXEC_TIMEOUT_MS,
  type ExecOptions,
  type ExecResult,
  type SshPool,
} from "./pool";
export { SshError, isSshError, type SshErrorKind } from "./errors";
export { hostKeyFingerprint } from "./fingerprint";
export { commandLine, shellQuote } from "./quote";
export type { SshTarget } from "./target";

/**
 * The one place that turns argument lists into a remote shell command line. Every argument is
 * single-quoted, so no user value can become a second word, a substitution or a second command.
 */

const SAFE = /^[A-Za-z0-9_\-+=.,:/@%]+$/;

export function shellQuote(arg: string): string {
  if (arg.includes("\0")) throw new Error("a command argument contains a NUL byte");
  if (arg !== "" && SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("empty command");
  return argv.map(shellQuote).join(" ");
}

/** `sudo -n` never prompts: a missing sudo rule fails at once instead of hanging the channel. */
export function withSudo(argv: readonly string[], useSudo: boolean): string[] {
  return useSudo ? ["sudo", "-n", "--", ...argv] : [...argv];
}

/** The admin-socket fallback: socat relays stdin to the socket and ends 5 s after stdin's EOF at most. */
export function socatArgv(socketPath: string, useSudo: boolean): string[] {
  return withSudo(["socat", "-t", "5", "-", `UNIX-CONNECT:${socketPath}`], useSudo);
}

// Closing a non-pty exec channel does not stop the remote command (FACTS.md). This wrapper runs the
// command in the background and kills it when the channel's stdin reaches EOF, which happens when we
// close the channel (timeout, abort) or the connection drops; its own exit status is the command's.
// Asynchronous lists get /dev/null as stdin, so the channel's stdin is kept on fd 3 for the watcher.
const KILL_ON_CLOSE =
  'exec 3<&0; "$@" </dev/null 3<&- & p=$!; (cat >/dev/null; kill "$p" 2>/dev/null) <&3 >/dev/null 2>&1 & exec 3<&-; wait "$p"';

/** A command line whose process ends when the channel closes. Not for commands that read stdin. */
export function killOnCloseCommandLine(argv: readonly string[]): string {
  return commandLine(["sh", "-c", KILL_ON_CLOSE, "hapair", ...argv]);
}

/**
 * The node-side dead-man timer: a detached `sleep N; undo` started on the node before the fault, so
 * the node heals itself even when hapair dies or loses SSH. Pure: argument lists for lib/ssh.
 * The script is a constant; everything variable reaches it as positional parameters, never spliced in.
 */

/**
 * $1 pid file, $2 seconds, then the undo command. It records its process group in the pid file.
 * Firing and cancelling both start by renaming the pid file (atomic), so exactly one of them wins:
 * the timer renames it to "$1.firing" while its undo runs, then writes the undo's exit status to
 * "$1.done" (how a restarted hapair tells that the timer fired) and removes "$1.firing".
 */
const TIMER_SCRIPT = [
  "f=$1; t=$2; shift 2",
  "exec </dev/null >/dev/null 2>&1",
  'echo $$ >"$f"',
  'sleep "$t"',
  'mv "$f" "$f.firing" || exit 0',
  '"$@"',
  'echo $? >"$f.done"',
  'rm -f "$f.firing"',
].join("\n");

/**
 * Prints "cancelled" (and stops the timer's process group), "firing" (its undo is running now) or
 * "gone" (it fired or never ran).
 */
const CANCEL_SCRIPT = [
  'if ! mv "$1" "$1.cancel" 2>/dev/null; then',
  '  if [ -f "$1.firing" ]; then echo firing; else echo gone; fi',
  "  exit 0",
  "fi",
  'p=$(cat "$1.cancel"); rm -f "$1.cancel"',
  'kill -TERM -- "-$p" 2>/dev/null',
  "echo cancelled",
].join("\n");

/** Prints "pending", "firing" (its undo is running), "fired N" (the undo's exit status) or "none". */
const STATE_SCRIPT = [
  'if [ -f "$1" ]; then echo pending; elif [ -f "$1.firing" ]; then echo firing;',
  'elif [ -f "$1.done" ]; then echo "fired $(cat "$1.done")"; else echo none; fi',
].join("\n");

export function deadManPidFile(drillId: number, tag: string): string {
  return `/run/hapair-drill-${drillId}-${tag}`;
}

export function armDeadManArgv(pidFile: string, seconds: number, undo: string[]): string[] {
  return ["setsid", "-f", "sh", "-c", TIMER_SCRIPT, "hapair-dead-man", pidFile, String(seconds), ...undo];
}

export function cancelDeadManArgv(pidFile: string): string[] {
  return ["sh", "-c", CANCEL_SCRIPT, "hapair-dead-man-cancel", pidFile];
}

export function deadManStateArgv(pidFile: string): string[] {
  return ["sh", "-c", STATE_SCRIPT, "hapair-dead-man-state", pidFile];
}

export function cleanDeadManArgv(pidFile: string): string[] {
  return ["rm", "-f", "--", pidFile, `${pidFile}.done`];
}

export type DeadManState =
  | { state: "pending" }
  | { state: "firing" }
  | { state: "fired"; exitCode: number | null }
  | { state: "none" };

export type DeadManCancel = "cancelled" | "firing" | "gone";

export function parseDeadManState(output: string): DeadManState {
  const line = output.trim();
  if (line === "pending") return { state: "pending" };
  if (line === "firing") return { state: "firing" };
  const fired = /^fired\s*(\d+)?/.exec(line);
  if (fired) return { state: "fired", exitCode: fired[1] === undefined ? null : Number(fired[1]) };
  return { state: "none" };
}

export function parseDeadManCancel(output: string): DeadManCancel | null {
  const line = output.trim();
  return line === "cancelled" || line === "firing" || line === "gone" ? line : null;
}

/** The faults and their undos, per mode; each undo is what a dead-man timer runs. */
export interface Fault {
  tag: string;
  inject: string[];
  undo: string[];
}

/** A DROP rule carrying the drill's mark, so confirm finds any left behind. */
const drillRule = (chain: "INPUT" | "OUTPUT", match: string[], drillId: number) => [
  chain,
  ...match,
  "-m",
  "comment",
  "--comment",
  `hapair-drill-${drillId}`,
  "-j",
  "DROP",
];

/** VRRP both ways; with `gateway` (the gateway-check variant) the holder's packets to the gateway too. */
export function partitionFaults(drillId: number, gateway?: string): Fault[] {
  const vrrp = (["INPUT", "OUTPUT"] as const).map((chain) => ({
    tag: `vrrp-${chain.toLowerCase()}`,
    inject: ["iptables", "-I", ...drillRule(chain, ["-p", "vrrp"], drillId)],
    undo: ["iptables", "-D", ...drillRule(chain, ["-p", "vrrp"], drillId)],
  }));
  if (!gateway) return vrrp;
  return [
    ...vrrp,
    {
      tag: "gateway",
      inject: ["iptables", "-I", ...drillRule("OUTPUT", ["-d", gateway], drillId)],
      undo: ["iptables", "-D", ...drillRule("OUTPUT", ["-d", gateway], drillId)],
    },
  ];
}

export function processFaults(commands: { haproxyStop: string[]; haproxyStart: string[] }): Fault[] {
  return [{ tag: "haproxy", inject: commands.haproxyStop, undo: commands.haproxyStart }];
}

/** The comment every drill rule carries: confirm looks for any left behind. */
export const DRILL_RULE_MARK = "hapair-drill-";

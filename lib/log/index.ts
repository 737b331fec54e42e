/**
 * The one logger: `logger("agents").info("started", { pid })` writes `[agents] started pid=12` (or,
 * with HAPAIR_LOG_FORMAT=json, one JSON object). Info lines go to stdout, warnings and errors to
 * stderr, as before (the supervisor keeps a process's last stderr lines for its crash report).
 * `installLogFormat` routes the console through it, so the lines of code that still call
 * console.error (and Next.js's own) come out in the same format.
 */
import { format } from "node:util";
import {
  formatJson,
  formatText,
  logFormat,
  parseTextLine,
  type LogFields,
  type LogFormat,
  type LogLevel,
  type LogRecord,
} from "./format";

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

interface Sink {
  format: LogFormat;
  out: (line: string) => void;
  err: (line: string) => void;
}

let sink: Sink = {
  format: "text",
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function write(record: LogRecord): void {
  const line = sink.format === "json" ? formatJson(record) : formatText(record);
  if (record.level === "info") sink.out(line);
  else sink.err(line);
}

export function logger(component: string): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) =>
      write({ time: new Date(), level, component, message, fields });
  return { info: at("info"), warn: at("warn"), error: at("error") };
}

const LEVELS: [keyof Console & ("log" | "info" | "warn" | "error" | "debug"), LogLevel][] = [
  ["log", "info"],
  ["info", "info"],
  ["debug", "info"],
  ["warn", "warn"],
  ["error", "error"],
];

/**
 * Call first in a process's main: reads HAPAIR_LOG_FORMAT (a bad value throws). In text mode the
 * console is left alone, so the default output is exactly what it was.
 */
export function installLogFormat(env: Record<string, string | undefined> = process.env): LogFormat {
  const chosen = logFormat(env);
  sink = { ...sink, format: chosen };
  if (chosen === "text") return chosen;
  for (const [method, level] of LEVELS) {
    console[method] = (...args: unknown[]) => {
      const { component, message, fields } = parseTextLine(format(...args));
      const error = args.find((arg): arg is Error => arg instanceof Error);
      if (error) fields.error = error.message;
      write({ time: new Date(), level, component, message, fields });
    };
  }
  return chosen;
}

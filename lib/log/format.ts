/**
 * Log lines, pure. hapair's processes write `[component] message` lines; with HAPAIR_LOG_FORMAT=json
 * each becomes one JSON object per line (time, level, component, message, fields) for log shippers.
 * Lines written before this module existed are read back into the same shape: the leading
 * `[component]` and trailing `key=value` words.
 */
export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, string | number | boolean | null>;
export type LogFormat = "text" | "json";

export interface LogRecord {
  time: Date;
  level: LogLevel;
  component: string;
  message: string;
  fields: LogFields;
}

export const LOG_FORMAT_ENV = "HAPAIR_LOG_FORMAT";

/** "json" or the default "text"; anything else is refused at start rather than half-parsed later. */
export function logFormat(env: Record<string, string | undefined> = process.env): LogFormat {
  const value = env[LOG_FORMAT_ENV]?.trim().toLowerCase();
  if (value === undefined || value === "" || value === "text") return "text";
  if (value === "json") return "json";
  throw new Error(`${LOG_FORMAT_ENV} must be "text" or "json", got ${JSON.stringify(env[LOG_FORMAT_ENV])}`);
}

/**
 * The human line, as hapair always wrote it: `[component] message key=value …`, values as they are
 * (the agents' loop names have spaces, and always read so); json is the format for machines.
 */
export function formatText(record: LogRecord): string {
  const fields = Object.entries(record.fields).map(([key, value]) => ` ${key}=${String(value)}`);
  const prefix = record.component ? `[${record.component}] ` : "";
  return `${prefix}${record.message}${fields.join("")}`;
}

export function formatJson(record: LogRecord): string {
  return JSON.stringify({
    time: record.time.toISOString(),
    level: record.level,
    component: record.component,
    message: record.message,
    fields: record.fields,
  });
}

const FIELD = /^([a-z][A-Za-z0-9_.]*)=(\S+)$/;

/** A line written as text (`[poller] lb-01: cannot start polling: … pid=12`) in the record's shape. */
export function parseTextLine(text: string): { component: string; message: string; fields: LogFields } {
  const match = /^\[([^\]\n]{1,64})\] ?([\s\S]*)$/.exec(text);
  const component = match?.[1] ?? "";
  const message = match ? (match[2] ?? "") : text;
  const fields: LogFields = {};
  for (const word of message.split(" ")) {
    const field = FIELD.exec(word);
    if (field?.[1] && field[2] !== undefined) fields[field[1]] = field[2];
  }
  return { component, message, fields };
}

/** Parses the runtime API's `show info`: `Key: value` lines. Pure. */

export interface HaproxyInfo {
  pid: number | null;
  uptimeSec: number | null;
  version: string | null;
  stopping: boolean;
  currentConnections: number | null;
  raw: Record<string, string>;
}

export function parseShowInfo(text: string): HaproxyInfo {
  const raw: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    raw[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  if (!raw.Pid && !raw.Version) throw new Error("show info: no Pid or Version line in the answer");
  return {
    pid: toInt(raw.Pid),
    uptimeSec: toInt(raw.Uptime_sec),
    version: raw.Version ?? null,
    stopping: raw.Stopping === "1",
    currentConnections: toInt(raw.CurrConns),
    raw,
  };
}

function toInt(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

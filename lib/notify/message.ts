/** What a notification says, and how each channel kind carries it. Pure. */
import { createHmac } from "node:crypto";

export type NotificationEvent = "fire" | "resolve" | "test";

export interface AlertMessage {
  event: NotificationEvent;
  incidentId: number | null;
  cluster: { id: string; name: string };
  rule: string;
  key: string;
  severity: string;
  summary: string;
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
  evidence: unknown;
  /** Deep link to the cluster's page. */
  url: string;
  /** The failover drill the incident began during (null outside drills): the page is an exercise. */
  drill: DrillMark | null;
}

/** `kind` is the drill's mode (process, node, partition). */
export interface DrillMark {
  id: number;
  kind: string;
}

export const SIGNATURE_HEADER = "x-hapair-signature";

export function headline(message: AlertMessage): string {
  const what = message.event === "fire" ? "FIRING" : message.event === "resolve" ? "RESOLVED" : "TEST";
  const drill = message.drill ? " [drill]" : "";
  return `[hapair]${drill} ${what} ${message.severity} ${message.rule} on ${message.cluster.name}: ${message.summary}`;
}

/** The generic webhook's JSON body. */
export function webhookBody(message: AlertMessage): string {
  return JSON.stringify({ source: "hapair", ...message });
}

/** `sha256=<hex>` over the exact body sent, so the receiver can check it came from hapair. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Slack's mrkdwn control characters (&, <, >) as its escapes: summaries carry node-supplied text (a
 * backend name from `show stat`), which must not plant `<http://evil|click>` links or `<!channel>`.
 */
export function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A Slack-compatible incoming webhook's body. */
export function slackBody(message: AlertMessage): string {
  const icon =
    message.event === "resolve"
      ? ":white_check_mark:"
      : message.severity === "critical"
        ? ":rotating_light:"
        : ":warning:";
  // In a link, '|' would end the URL: percent-encode it; the rest is escaped like any text.
  const url = slackEscape(message.url.replaceAll("|", "%7C"));
  return JSON.stringify({
    text: `${icon} ${slackEscape(headline(message))}\n<${url}|Open ${slackEscape(message.cluster.name)}>`,
  });
}

export function emailText(message: AlertMessage): { subject: string; text: string } {
  const lines = [
    headline(message),
    "",
    `cluster:  ${message.cluster.name}`,
    `rule:     ${message.rule} (${message.key})`,
    `severity: ${message.severity}`,
    `since:    ${message.since}`,
    ...(message.firedAt ? [`fired:    ${message.firedAt}`] : []),
    ...(message.resolvedAt ? [`resolved: ${message.resolvedAt}`] : []),
    `link:     ${message.url}`,
    ...(message.drill
      ? [
          `drill:    #${message.drill.id} (${message.drill.kind}): this incident began during a failover drill`,
        ]
      : []),
    "",
    "evidence:",
    JSON.stringify(message.evidence, null, 2),
  ];
  return { subject: headline(message), text: lines.join("\n") };
}

/** Retry delays: 1 s, 2 s, 4 s, … capped at a minute; give up after MAX_ATTEMPTS. */
export const MAX_ATTEMPTS = 8;
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

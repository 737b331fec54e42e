/**
 * Sends one message to one channel (I/O): HTTP POST for webhooks and Slack, SMTP for email. Bounded
 * by a timeout and the caller's signal; answers ok or the error, never throws, never echoes secrets.
 */
import nodemailer from "nodemailer";
import { emailText, SIGNATURE_HEADER, signature, slackBody, webhookBody, type AlertMessage } from "./message";
import type { ChannelInput } from "./schemas";

export const SEND_TIMEOUT_MS = 10_000;

export interface SendResult {
  ok: boolean;
  response: string | null;
  error: string | null;
  durationMs: number;
}

export async function sendToChannel(channel: ChannelInput, message: AlertMessage, signal?: AbortSignal): Promise<SendResult> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(SEND_TIMEOUT_MS);
  const bounded = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = channel.kind === "email" ? await sendEmail(channel, message, bounded) : await post(channel, message, bounded);
    return { ...response, durationMs: Date.now() - started };
  } catch (error) {
    return { ok: false, response: null, error: describe(error), durationMs: Date.now() - started };
  }
}

async function post(channel: Exclude<ChannelInput, { kind: "email" }>, message: AlertMessage, signal: AbortSignal): Promise<Omit<SendResult, "durationMs">> {
  const body = channel.kind === "slack" ? slackBody(message) : webhookBody(message);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "hapair" };
  if (channel.kind === "webhook" && channel.hmacSecret) headers[SIGNATURE_HEADER] = signature(body, channel.hmacSecret);
  const response = await fetch(channel.url, { method: "POST", body, headers, signal, redirect: "manual" });
  const text = (await response.text()).slice(0, 500);
  const summary = `HTTP ${response.status}${text ? `: ${text}` : ""}`;
  return response.ok ? { ok: true, response: summary, error: null } : { ok: false, response: summary, error: `HTTP ${response.status}` };
}

async function sendEmail(channel: Extract<ChannelInput, { kind: "email" }>, message: AlertMessage, signal: AbortSignal): Promise<Omit<SendResult, "durationMs">> {
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    auth: channel.username ? { user: channel.username, pass: channel.password ?? "" } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const aborted = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error("timed out")), { once: true }));
  try {
    const info = await Promise.race([transport.sendMail({ from: channel.from, to: channel.to, ...emailText(message) }), aborted]);
    return { ok: true, response: String(info.response ?? "sent").slice(0, 500), error: null };
  } finally {
    transport.close();
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the reason (ECONNREFUSED, …) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.name === "TimeoutError" || error.name === "AbortError" ? "timed out" : error.message}${cause}`.slice(0, 500);
}

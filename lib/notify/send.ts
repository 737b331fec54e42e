/**
 * Sends one message to one channel (I/O): HTTP POST for webhooks and Slack, SMTP for email. Bounded
 * by a timeout and the caller's signal; answers ok or the error, never throws, never echoes secrets.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
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
  const { status, text } = await postOnce(channel.url, body, headers, signal);
  const summary = `HTTP ${status}${text ? `: ${text}` : ""}`;
  return status >= 200 && status < 300 ? { ok: true, response: summary, error: null } : { ok: false, response: summary, error: `HTTP ${status}` };
}

/**
 * One POST with node:http(s), not fetch: fetch's first call in a process loads its whole HTTP stack
 * (hundreds of ms on a busy machine), and the first page after a start is the one that matters.
 * Redirects are not followed; the answer is read up to 500 characters.
 */
function postOnce(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, signal }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (text.length < 500) text += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: text.slice(0, 500) }));
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
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
  return (error.name === "TimeoutError" || error.name === "AbortError" ? "timed out" : error.message).slice(0, 500);
}

/**
 * Sends one message to one channel (I/O): HTTP POST for webhooks and Slack, SMTP for email. Bounded
 * by a timeout and the caller's signal; answers ok or the error, never throws, never echoes secrets
 * or what the far end answered (status code and its standard reason only: the far end may be an
 * internal service). Targets are checked and pinned by `outbound.ts` (no private networks, no
 * rebinding); redirects are not followed; SMTP never sends a login without TLS.
 */
import { request as httpRequest, STATUS_CODES } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import nodemailer from "nodemailer";
import { checkOutboundHost } from "./outbound";
import { emailText, SIGNATURE_HEADER, signature, slackBody, webhookBody, type AlertMessage } from "./message";
import type { ChannelInput } from "./schemas";
import { deadline } from "@/lib/deadline";

export const SEND_TIMEOUT_MS = 10_000;

export interface SendResult {
  ok: boolean;
  response: string | null;
  error: string | null;
  durationMs: number;
}

export async function sendToChannel(
  channel: ChannelInput,
  message: AlertMessage,
  signal?: AbortSignal,
): Promise<SendResult> {
  const started = Date.now();
  const { signal: bounded, release } = deadline(SEND_TIMEOUT_MS, signal);
  try {
    const response =
      channel.kind === "email"
        ? await sendEmail(channel, message, bounded)
        : await post(channel, message, bounded);
    return { ...response, durationMs: Date.now() - started };
  } catch (error) {
    return { ok: false, response: null, error: describe(error), durationMs: Date.now() - started };
  } finally {
    release();
  }
}

async function post(
  channel: Exclude<ChannelInput, { kind: "email" }>,
  message: AlertMessage,
  signal: AbortSignal,
): Promise<Omit<SendResult, "durationMs">> {
  const body = channel.kind === "slack" ? slackBody(message) : webhookBody(message);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "hapair" };
  if (channel.kind === "webhook" && channel.hmacSecret)
    headers[SIGNATURE_HEADER] = signature(body, channel.hmacSecret);
  const target = new URL(channel.url);
  const checked = await checkOutboundHost(target.hostname);
  if (!checked.ok) return { ok: false, response: null, error: `refused: ${checked.reason}` };
  const status = await postOnce(target, checked, body, headers, signal);
  const summary = `HTTP ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ""}`;
  return status >= 200 && status < 300
    ? { ok: true, response: summary, error: null }
    : { ok: false, response: summary, error: summary };
}

/**
 * One POST with node:http(s), not fetch: fetch's first call in a process loads its whole HTTP stack
 * (hundreds of ms on a busy machine), and the first page after a start is the one that matters.
 * Connects to the checked address whatever DNS says now (TLS still checks the URL's name).
 * Redirects are not followed; the answer's body is drained unread.
 */
function postOnce(
  target: URL,
  pinned: { address: string; family: 4 | 6 },
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<number> {
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal,
        lookup,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy(); // nothing of the body is wanted, nor should a slow one hold the socket
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function sendEmail(
  channel: Extract<ChannelInput, { kind: "email" }>,
  message: AlertMessage,
  signal: AbortSignal,
): Promise<Omit<SendResult, "durationMs">> {
  const checked = await checkOutboundHost(channel.host);
  if (!checked.ok) return { ok: false, response: null, error: `refused: ${checked.reason}` };
  const transport = nodemailer.createTransport({
    // The checked address, so nodemailer does not resolve the name again; TLS checks the name.
    host: checked.address,
    ...(checked.address !== channel.host.replace(/^\[|\]$/g, "") ? { servername: channel.host } : {}),
    port: channel.port,
    secure: channel.secure,
    // A login only over TLS: a server that offers no STARTTLS gets no password.
    requireTLS: !channel.secure && channel.username !== undefined,
    auth: channel.username ? { user: channel.username, pass: channel.password ?? "" } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const aborted = new Promise<never>((_, reject) =>
    signal.addEventListener("abort", () => reject(new Error("timed out")), { once: true }),
  );
  try {
    const info = await Promise.race([
      transport.sendMail({ from: channel.from, to: channel.to, ...emailText(message) }),
      aborted,
    ]);
    return {
      ok: true,
      response: `sent${/^\d{3}/.test(String(info.response)) ? ` (SMTP ${String(info.response).slice(0, 3)})` : ""}`,
      error: null,
    };
  } finally {
    transport.close();
  }
}

/** Our own words for a failure: an SMTP server's reply is quoted in nodemailer's messages, so only its code goes out. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return "failed";
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timed out";
  const fields = error as Error & { code?: unknown; responseCode?: unknown };
  if (fields.code === "ETLS")
    return "TLS could not be set up (does the server offer STARTTLS?), so the login was not sent";
  if (typeof fields.responseCode === "number")
    return `SMTP ${fields.responseCode}${typeof fields.code === "string" ? ` (${fields.code})` : ""}`;
  return error.message.replace(/[.\s]*response=[\s\S]*$/, "").slice(0, 200);
}

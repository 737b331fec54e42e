/**
 * Notification channels and alert actions as users enter them: shared by the HTTP API and the forms.
 * Secret fields (URLs carrying tokens, the HMAC secret, the SMTP password) accept KEPT_SECRET to keep
 * the stored value; the API never returns them.
 */
import { z } from "zod";
import { secretOr, text } from "@/lib/cluster/schema/primitives";
import { RULES } from "@/lib/alerts/types";

const httpUrl = z
  .string()
  .max(2048, "at most 2048 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "an http:// or https:// URL");
const name = text(64)
  .min(1, "required")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.:-]*$/, "letters, digits, spaces, '_', '.', ':', '-'");
const email = text(254).regex(/^[^\s@<>]+@[^\s@<>]+$/, "an email address such as ops@example.com");
const hostName = text(253).regex(/^[A-Za-z0-9.:-]+$/, "a host name or address");
const smtpUser = text(254)
  .min(1, "required")
  .regex(/^[^<>]+$/, "no '<' or '>'");

export const webhookChannelSchema = z.strictObject({
  kind: z.literal("webhook"),
  name,
  enabled: z.boolean().default(true),
  url: secretOr(httpUrl),
  /** Signs the body: `X-Hapair-Signature: sha256=<hex HMAC-SHA256(secret, body)>`. */
  hmacSecret: secretOr(
    text(256)
      .min(16, "at least 16 characters")
      .regex(/^[^<>]+$/, "no '<' or '>'"),
  ).optional(),
});

export const slackChannelSchema = z.strictObject({
  kind: z.literal("slack"),
  name,
  enabled: z.boolean().default(true),
  url: secretOr(httpUrl),
});

export const emailChannelSchema = z.strictObject({
  kind: z.literal("email"),
  name,
  enabled: z.boolean().default(true),
  host: hostName,
  port: z
    .number()
    .int("a whole number")
    .min(1, "a port from 1 to 65535")
    .max(65_535, "a port from 1 to 65535")
    .default(587),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  username: smtpUser.optional(),
  password: secretOr(
    text(256)
      .min(1, "required")
      .regex(/^[^<>]+$/, "no '<' or '>'"),
  ).optional(),
  from: email,
  to: z.array(email).min(1, "at least one recipient").max(20, "at most 20 recipients"),
});

export const channelInputSchema = z.discriminatedUnion(
  "kind",
  [webhookChannelSchema, slackChannelSchema, emailChannelSchema],
  {
    error: "kind must be webhook, slack or email",
  },
);

export type ChannelInput = z.infer<typeof channelInputSchema>;
export type ChannelKind = ChannelInput["kind"];
/** The fields of each kind that are sealed at rest. */
export const SECRET_FIELDS = {
  webhook: ["url", "hmacSecret"],
  slack: ["url"],
  email: ["password"],
} as const satisfies Record<ChannelKind, readonly string[]>;

export const acknowledgeSchema = z.strictObject({ note: text(1000).default("") });

export const silenceInputSchema = z.strictObject({
  clusterId: text(64).min(1).nullable().default(null),
  rule: z
    .enum(RULES, { error: `one of ${RULES.join(", ")}` })
    .nullable()
    .default(null),
  minutes: z
    .number()
    .int("a whole number")
    .min(1, "at least 1 minute")
    .max(7 * 24 * 60, "at most 7 days"),
  reason: text(500).min(1, "say why"),
});

export type SilenceInput = z.infer<typeof silenceInputSchema>;

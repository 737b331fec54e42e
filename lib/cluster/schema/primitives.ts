/**
 * Value types shared by every part of the cluster definition. Each is bounded in size and can never
 * carry a control character, so no value can start a new config directive or a new shell line.
 */
import { z } from "zod";

const CONTROL = /[\u0000-\u001f\u007f]/;

export const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((value) => !CONTROL.test(value), "must not contain control characters (newline, NUL, tab, …)");

/** HAProxy and keepalived names (proxies, servers, instances, scripts): safe as one config word. */
export const identifier = text(64)
  .min(1, "required")
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
    "letters, digits, '_', '.', ':', '-' only, starting with a letter or digit",
  );

/** Interface names as the kernel allows them (at most 15 characters, no '/' or spaces). */
export const interfaceName = text(15).regex(
  /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/,
  "an interface name such as eth0",
);

/** Absolute paths safe inside an HAProxy or keepalived line: no spaces, quotes, comment or escape characters. */
export const absolutePath = text(1024).regex(
  /^\/[A-Za-z0-9._/@%+=:,-]*$/,
  "an absolute path of letters, digits and ._/@%+=:,- only",
);

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
export const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
export const ipv4 = text(15).regex(IPV4, "an IPv4 address such as 10.0.0.100");

/** A DNS name or IPv4 address (what an SSH target or an HAProxy server address may be). */
export const hostName = text(253).regex(
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
  "a host name or IPv4 address",
);

export const port = z
  .number()
  .int("a whole number")
  .min(1, "a port from 1 to 65535")
  .max(65_535, "a port from 1 to 65535");

/** HAProxy's time format: a number with an optional unit (us, ms, s, m, h, d); bare numbers are ms. */
export const duration = text(16).regex(/^\d{1,9}(us|ms|s|m|h|d)?$/, "a duration such as 500ms, 5s, 1m");

export const intIn = (min: number, max: number) =>
  z.number().int("a whole number").min(min, `at least ${min}`).max(max, `at most ${max}`);

/**
 * A raw directive kept verbatim inside its section, for what the structured model does not cover
 * (ACLs, http-request rules, …). One line, not a comment-only trick to hide a section header.
 */
export const rawLine = z
  .string()
  .max(1000, "at most 1000 characters")
  // A tab separates words like a space does (HAProxy and keepalived alike); other control characters could start a new line.
  .refine(
    (value) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value),
    "must not contain control characters other than tab (newline, NUL, …)",
  )
  .min(1, "empty line")
  .refine((value) => value.trim().length > 0, "empty line")
  .refine((value) => !/\\$/.test(value), "must not end with a backslash (line continuation)");

export const rawLines = z.array(rawLine).max(500, "at most 500 lines").default([]);

/**
 * The operator's full-line comments, kept as written and rendered above the section or block they
 * were above (their documentation survives a rollout). `marks`: the characters that start a comment
 * (`#` in haproxy.cfg; `#` or `!` in keepalived.conf).
 */
export const commentLines = (marks: "#" | "#!") =>
  z
    .array(
      rawLine.refine(
        (value) => marks.includes(value[0] ?? ""),
        marks === "#" ? "a comment starting with #" : "a comment starting with # or !",
      ),
    )
    .max(200, "at most 200 comment lines");

/**
 * Stands in for a secret (VRRP auth_pass, SSH private key) that hapair already holds: the browser, the
 * API and exports only ever see this marker, and saving it keeps the stored value. It can never be a
 * real value: '<' and '>' are refused by every secret's own format.
 */
export const KEPT_SECRET = "<kept>";

/** A secret in `schema`'s format, or the marker; errors carry the format's own message, not "invalid union". */
export const secretOr = (schema: z.ZodType<string>) =>
  z.string().superRefine((value, context) => {
    if (value === KEPT_SECRET) return;
    const result = schema.safeParse(value);
    if (!result.success)
      for (const issue of result.error.issues) context.addIssue({ code: "custom", message: issue.message });
  });

/** An unencrypted private key in PEM or OpenSSH format: line breaks are its only control characters. */
export const privateKeyPem = z
  .string()
  .max(16_384, "at most 16384 characters")
  .regex(
    /^-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END ([A-Z0-9]+ )*PRIVATE KEY-----\s*$/,
    "an unencrypted private key (-----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY-----)",
  );

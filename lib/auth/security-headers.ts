/** Security headers: the CSP (per request, for its nonce) and the fixed ones every response carries. */

export function contentSecurityPolicy(options: {
  nonce: string;
  api: boolean;
  development: boolean;
}): string {
  // API answers are data, never documents to render: nothing may load or frame them.
  if (options.api) return "default-src 'none'; frame-ancestors 'none'";
  return [
    "default-src 'self'",
    // React's development build evaluates code; production needs only the nonce.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const STATIC_SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/**
 * Certificates: a node (its file, its HAProxy's memory, a handshake) or the VIP serving another
 * certificate than the one hapair holds for that path; and a certificate within its warning days
 * (30/14/7 by default, `alerting.certificates.expiryDays`): one condition per threshold crossed, so
 * each crossing pages, the smallest and an expired one critical.
 */
import type { CertificateFacts, Condition, Rule } from "../types";

const DAY_MS = 86_400_000;

const VIA_WORDS: Record<string, string> = {
  file: "its file holds another one; a reload would serve it",
  runtime: "HAProxy holds another one in memory",
  tls: "a TLS handshake got another one",
};

function mismatches(cert: CertificateFacts): Condition[] {
  const conditions: Condition[] = [];
  for (const [where, entries] of Object.entries(cert.served).sort(([a], [b]) => a.localeCompare(b)))
    for (const [via, entry] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
      const differs =
        entry.fingerprint !== undefined
          ? entry.fingerprint !== cert.fingerprint
          : entry.sha1 !== undefined && entry.sha1 !== cert.sha1;
      if (!differs) continue;
      const who = where === "vip" ? "the VIP" : where;
      conditions.push({
        rule: "certificate-mismatch",
        key: `${cert.name}:${where}:${via}`,
        severity: "critical",
        summary: `${who} serves a different certificate for ${cert.name} (${VIA_WORDS[via] ?? via})`,
        holdMs: 0,
        evidence: {
          certificate: cert.name,
          path: cert.path,
          where,
          via,
          expected: cert.fingerprint,
          seen: entry.fingerprint ?? `sha1 ${entry.sha1 ?? "?"}`,
          ...(entry.notAfter ? { seenNotAfter: entry.notAfter } : {}),
        },
      });
    }
  return conditions;
}

function expiry(cert: CertificateFacts, days: number[], now: number): Condition[] {
  const left = (Date.parse(cert.notAfter) - now) / DAY_MS;
  if (Number.isNaN(left)) return [];
  const thresholds = [...new Set(days)].sort((a, b) => a - b);
  const crossed = thresholds.find((t) => left < t);
  if (crossed === undefined) return [];
  const expired = left <= 0;
  return [
    {
      rule: "certificate-expiry",
      key: `${cert.name}:${expired ? "expired" : `${crossed}d`}`,
      severity: expired || crossed === thresholds[0] ? "critical" : "warning",
      summary: expired
        ? `certificate ${cert.name} expired on ${cert.notAfter}`
        : `certificate ${cert.name} expires in ${Math.max(0, Math.floor(left))} days (${cert.notAfter})`,
      holdMs: 0,
      evidence: {
        certificate: cert.name,
        path: cert.path,
        notAfter: cert.notAfter,
        daysLeft: Math.floor(left),
        threshold: crossed,
      },
    },
  ];
}

export const certificates: Rule = (input) => {
  const days = input.subject.settings.certificates.expiryDays;
  return (input.certificates ?? []).flatMap((cert) => [
    ...mismatches(cert),
    ...expiry(cert, days, input.now),
  ]);
};

/** When a certificate the definition asks for needs issuing or renewing. Pure. */
import type { AcmeCertificateSpec } from "@/lib/cluster/schema/acme";

const DAY_MS = 86_400_000;

export interface IssuedCertificate {
  name: string;
  domains: string[];
  notAfter: Date;
}

export type RenewalReason = "issue" | "renew" | "domains-changed";

/** The moment renewal starts: renewBeforeDays before notAfter. */
export function renewalStartsAt(notAfter: Date, renewBeforeDays: number): Date {
  return new Date(notAfter.getTime() - renewBeforeDays * DAY_MS);
}

export function renewalReason(
  spec: AcmeCertificateSpec,
  issued: IssuedCertificate | undefined,
  now: Date,
  renewBeforeDays: number,
): RenewalReason | null {
  if (!issued) return "issue";
  const want = [...new Set(spec.domains.map((d) => d.toLowerCase()))].sort().join(",");
  const have = [...new Set(issued.domains.map((d) => d.toLowerCase()))].sort().join(",");
  if (want !== have) return "domains-changed";
  return now.getTime() >= renewalStartsAt(issued.notAfter, renewBeforeDays).getTime() ? "renew" : null;
}

/** The certificates to start a job for now: due ones without a job already running. */
export function dueCertificates(input: {
  specs: AcmeCertificateSpec[];
  issued: IssuedCertificate[];
  active: string[];
  now: Date;
  renewBeforeDays: number;
}): { name: string; reason: RenewalReason }[] {
  const active = new Set(input.active);
  return input.specs.flatMap((spec) => {
    if (active.has(spec.name)) return [];
    const reason = renewalReason(
      spec,
      input.issued.find((c) => c.name === spec.name),
      input.now,
      input.renewBeforeDays,
    );
    return reason ? [{ name: spec.name, reason }] : [];
  });
}

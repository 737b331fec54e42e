import { describe, expect, it } from "vitest";
import { mapReplyError, publishCommands, withdrawCommand } from "./challenge-commands";
import { dueCertificates, renewalReason, renewalStartsAt } from "./renewal";
import { acmeSteps, afterFailure, nextStep } from "./steps";

const DAY = 86_400_000;
const spec = { name: "web", domains: ["a.example.com", "b.example.com"], path: "/etc/haproxy/certs/web.pem" };
const notAfter = new Date("2027-03-01T00:00:00Z");
const issued = { name: "web", domains: ["B.example.com", "a.example.com"], notAfter };

describe("renewal", () => {
  it("starts renewBeforeDays before notAfter, not a millisecond earlier", () => {
    const start = renewalStartsAt(notAfter, 30);
    expect(notAfter.getTime() - start.getTime()).toBe(30 * DAY);
    expect(renewalReason(spec, issued, new Date(start.getTime() - 1), 30)).toBeNull();
    expect(renewalReason(spec, issued, start, 30)).toBe("renew");
    expect(renewalReason(spec, issued, new Date(notAfter.getTime() + DAY), 30)).toBe("renew");
  });

  it("issues what was never issued and re-issues when the domains changed (case and order aside)", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(renewalReason(spec, undefined, now, 30)).toBe("issue");
    expect(renewalReason(spec, issued, now, 30)).toBeNull();
    expect(renewalReason({ ...spec, domains: ["a.example.com"] }, issued, now, 30)).toBe("domains-changed");
  });

  it("starts no second job for a certificate that has one running", () => {
    const now = new Date(notAfter.getTime() - DAY);
    const other = { ...spec, name: "api" };
    expect(
      dueCertificates({ specs: [spec, other], issued: [issued], active: ["api"], now, renewBeforeDays: 30 }),
    ).toEqual([{ name: "web", reason: "renew" }]);
  });
});

describe("challenge map commands", () => {
  const token = "tok_-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd";
  const keyAuthorization = `${token}.thumb_-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345678`;
  const map = "/etc/haproxy/acme-challenges.map";

  it("deletes before adding, so a retried publish leaves one entry", () => {
    expect(publishCommands(map, { token, keyAuthorization })).toEqual([
      `del map ${map} ${token}`,
      `add map ${map} ${token} ${keyAuthorization}`,
    ]);
    expect(withdrawCommand(map, token)).toBe(`del map ${map} ${token}`);
  });

  it("refuses a token or key authorization that could carry a second command", () => {
    for (const bad of [`${token}; shutdown frontend x`, `${token}\nclear map ${map}`, "short"])
      expect(() => publishCommands(map, { token: bad, keyAuthorization: `${bad}.x` })).toThrow(
        /not a valid ACME token/,
      );
    expect(() => publishCommands(map, { token, keyAuthorization: `${token}.a b` })).toThrow(
      /key authorization/,
    );
    expect(() => publishCommands(map, { token, keyAuthorization: `other${keyAuthorization}` })).toThrow(
      /its token/,
    );
    expect(() => withdrawCommand(`${map};x`, token)).toThrow(/map path/);
  });

  it("reads the replies", () => {
    expect(mapReplyError("add map m t v", "\n")).toBeNull();
    expect(mapReplyError("del map m t", "Key not found.\n")).toBeNull();
    expect(mapReplyError("add map m t v", "Unknown map identifier. Please use #<id> or <file>.\n")).toMatch(
      /Unknown map/,
    );
  });
});

describe("steps", () => {
  it("resume at the first step not done, and after a failure run only the cleanup", () => {
    const steps = acmeSteps().map((s, i) => (i < 3 ? { ...s, status: "done" as const } : s));
    expect(nextStep(steps)).toBe(3);
    expect(nextStep(steps.map((s, i) => (i === 3 ? { ...s, status: "running" as const } : s)))).toBe(3);
    const failed = afterFailure(
      steps.map((s, i) => (i === 3 ? { ...s, status: "failed" as const } : s)),
      3,
    );
    expect(failed.map((s) => s.status).join(" ")).toBe(
      "done done done failed skipped skipped skipped pending",
    );
    expect(nextStep(failed)).toBe(7);
    expect(
      nextStep(failed.map((s) => (s.kind === "cleanup" ? { ...s, status: "done" as const } : s))),
    ).toBeNull();
  });
});

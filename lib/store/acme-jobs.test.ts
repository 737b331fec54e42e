/** ACME rows: one job per certificate at a time, renewal input from finished jobs, the account key sealed and re-sealed. */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { secretKeyFrom } from "@/lib/secrets/envelope";

const { db } = await useTestDatabase("acme-jobs");
const store = await import("./acme-jobs");
const { loadKeyring } = await import("@/lib/secrets/keyring");

let clusterId = "";
beforeAll(async () => {
  clusterId = await saveTestCluster(db);
});

describe("ACME jobs and accounts", () => {
  it("keep one job per certificate while it runs; a finished one feeds the renewal rule", async () => {
    const job = await store.createAcmeJob(db, {
      clusterId,
      revision: 1,
      certificate: "web",
      reason: "issue",
    });
    expect(job?.status).toBe("pending");
    expect(
      await store.createAcmeJob(db, { clusterId, revision: 1, certificate: "web", reason: "issue" }),
    ).toBeNull();
    expect(await store.activeAcmeCertificates(db, clusterId)).toEqual(["web"]);
    if (!job) throw new Error("no job");
    const notAfter = "2027-03-01T00:00:00.000Z";
    await store.saveAcmeJob(db, {
      ...job,
      status: "succeeded",
      data: { domains: ["a.example.test"], notAfter },
    });
    expect(await store.activeAcmeCertificates(db, clusterId)).toEqual([]);
    expect(await store.issuedCertificates(db, clusterId)).toEqual([
      { name: "web", domains: ["a.example.test"], notAfter: new Date(notAfter) },
    ]);
  });

  it("seal the account key at rest, create it once, and re-seal it with a new key", async () => {
    let created = 0;
    const createKey = async () => `-----BEGIN PRIVATE KEY-----\nK${++created}\n-----END PRIVATE KEY-----\n`;
    const first = await store.acmeAccount(db, "https://ca.test/dir", undefined, createKey);
    const again = await store.acmeAccount(db, "https://ca.test/dir", undefined, createKey);
    expect(again.keyPem).toBe(first.keyPem);
    expect(created).toBe(1);
    const row = await db.acmeAccount.findFirstOrThrow();
    expect(row.keySealed).not.toContain("PRIVATE KEY");
    const next = secretKeyFrom(randomBytes(32));
    const keyring = loadKeyring();
    await db.$transaction(await store.resealAcmeAccounts(db, { current: next, all: [next, ...keyring.all] }));
    const resealed = await db.acmeAccount.findFirstOrThrow();
    expect(resealed.keySealed.split(":")[1]).toBe(next.id);
  });
});

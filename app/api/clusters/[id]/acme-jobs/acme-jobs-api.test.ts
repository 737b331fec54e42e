/**
 * ACME orders over the API: one of the definition's acme.certificates is ordered (202, a job the
 * agents run; audited), a name not in the definition is a field error, a second order while one is
 * pending is a conflict, viewers cannot order, and the job reads back without keys or the chain.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams } from "@/app/api/__testing__/requests";
import { fullPair } from "@/lib/cluster/__fixtures__/definitions";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("acme-jobs-api");

let admin = "";
let viewer = "";
let clusterId = "";
const params = () => routeParams({ id: clusterId });

async function order(body: unknown, cookie = admin) {
  const { POST } = await import("./route");
  const response = await POST(
    apiRequest(`/api/clusters/${clusterId}/acme-jobs`, "POST", body, cookie),
    params(),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const sessions = await import("@/lib/auth/__fixtures__/test-sessions");
  admin = await sessions.cookieFor(db, "admin");
  viewer = await sessions.cookieFor(db, "viewer");
  clusterId = await saveTestCluster(db, fullPair);
}, 60_000);

describe("ACME orders API", () => {
  it("orders a certificate of the definition, refuses others and a second order, and reads the job back", async () => {
    expect(await order({ certificate: "nope" })).toMatchObject({
      status: 422,
      body: {
        issues: [{ path: "certificate", message: expect.stringMatching(/acme\.certificates \(pay\)/) }],
      },
    });
    expect((await order({ certificate: "pay", extra: 1 })).status).toBe(422);
    expect((await order({ certificate: "pay" }, viewer)).status).toBe(403);
    const placed = await order({ certificate: "pay" });
    expect(placed.status).toBe(202);
    const job = placed.body.job as { id: number; reason: string; status: string; steps: unknown[] };
    expect(job).toMatchObject({ reason: "issue", status: "pending" });
    expect(job.steps.length).toBeGreaterThan(0);
    expect(await order({ certificate: "pay" })).toMatchObject({
      status: 409,
      body: { issues: [{ path: "certificate", message: "an ACME job for pay is pending or running" }] },
    });
    expect(await db.auditEntry.count({ where: { action: "acme.order", target: "pay" } })).toBe(1);

    // The agents' side, played here: a key and a chain in the job's data never reach the API.
    await db.acmeJob.update({
      where: { id: job.id },
      data: {
        data: {
          keySealed: "SEALED",
          chainPem: "CHAIN",
          domains: ["pay.example.com"],
          notAfter: "2027-03-01T00:00:00.000Z",
        },
      },
    });
    const { GET } = await import("./route");
    const listed = await (
      await GET(apiRequest(`/api/clusters/${clusterId}/acme-jobs`, "GET", undefined, viewer), params())
    ).text();
    expect(listed).toContain('"domains":["pay.example.com"]');
    expect(listed).not.toMatch(/SEALED|CHAIN/);
    const one = await import("./[jobId]/route");
    const read = await one.GET(
      apiRequest(`/api/clusters/${clusterId}/acme-jobs/${job.id}`, "GET", undefined, viewer),
      routeParams({ id: clusterId, jobId: String(job.id) }),
    );
    expect(read.status).toBe(200);
    expect(((await read.json()) as { job: { notAfter: string } }).job.notAfter).toBe(
      "2027-03-01T00:00:00.000Z",
    );
    const other = await one.GET(
      apiRequest("/x", "GET", undefined, admin),
      routeParams({ id: "another", jobId: String(job.id) }),
    );
    expect(other.status).toBe(404);
  });
});

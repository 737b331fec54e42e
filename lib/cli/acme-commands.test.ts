/**
 * `hapair cert order` and `cert orders` locally, through the store: an order of one of the
 * definition's acme.certificates queues a job (audited), a second while it is pending is refused,
 * a name not in the definition is a field error, and the list shows the certificates and jobs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fullPair } from "@/lib/cluster/__fixtures__/definitions";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { CliIo } from "./io";

const { db } = await useTestDatabase("cli-acme");
const { certCommand } = await import("./cert-commands");

beforeAll(async () => {
  await saveTestCluster(db, fullPair);
});

function capture() {
  const out: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void out.push(text),
    readFile: () => "",
  };
  return { io, out: () => out.join("") };
}

const cert = (action: string, target?: string, json = false) => {
  const run = capture();
  return certCommand(run.io, db, { action, cluster: fullPair.name, target, json }).then((code) => ({
    code,
    out: run.out(),
  }));
};

describe("hapair cert order|orders (local)", () => {
  it("orders, refuses a second order and an unknown name, and lists", async () => {
    expect(await cert("order", "pay")).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^ACME job \d+ \(issue pay\) pending\n$/),
    });
    expect(await cert("order", "pay")).toMatchObject({
      code: 1,
      out: "certificate: an ACME job for pay is pending or running\n",
    });
    expect(await cert("order", "nope")).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^certificate: not one of/),
    });
    expect(await db.auditEntry.count({ where: { action: "acme.order", target: "pay" } })).toBe(1);
    const listed = await cert("orders", undefined, true);
    const body = JSON.parse(listed.out) as { certificates: { name: string }[]; jobs: { status: string }[] };
    expect([body.certificates.map((c) => c.name), body.jobs.map((j) => j.status)]).toEqual([
      ["pay"],
      ["pending"],
    ]);
  });
});

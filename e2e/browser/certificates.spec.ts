import { test } from "@playwright/test";
import { labExec, testPair } from "../lab/control";
import {
  CERT_PATH,
  heldSha1,
  makeCertificate,
  readCertFile,
  removeTestCertificates,
  restoreCertFile,
  servedThroughVip,
} from "../integration/certificates-support";
import { createSshPool } from "@/lib/ssh";
import { expect } from "./support";

// Upload a certificate on the cluster page: the agents put it on both nodes (no reload) and the page,
// each node's HAProxy and a handshake through the VIP all show the new one. The lab's file is put back.
const pair = testPair();
const NODES = pair.nodes.map((n) => n.name);
const NAME = "site.lab.test";
const originals = new Map<string, string>();

test.beforeAll(() => {
  for (const node of NODES) originals.set(node, readCertFile(node));
});

test.afterAll(async ({ request }) => {
  // The test database holds the lab's own certificate again (so no later spec sees a mismatch alert),
  // then each node gets its original bytes back.
  const clusters = (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
  const id = clusters.find((c) => c.name === pair.name)?.id;
  const original = originals.get(NODES[0] ?? "");
  if (id && original) {
    const saved = await request.post(`/api/clusters/${id}/certificates`, {
      data: { name: "site", pem: original },
    });
    const { jobId } = (await saved.json()) as { jobId?: number };
    for (let i = 0; jobId && i < 60; i++) {
      const job = (await (await request.get(`/api/clusters/${id}/certificate-jobs/${jobId}`)).json()) as {
        job?: { status: string };
      };
      if (["succeeded", "restored", "failed"].includes(job.job?.status ?? "")) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const pool = createSshPool();
  for (const [node, text] of originals) {
    await restoreCertFile(pool, node, text);
    labExec(node, ["sh", "-c", `rm -f ${CERT_PATH}.hapair-cert-*`]);
  }
  pool.closeAll();
  removeTestCertificates();
});

test("upload a certificate in the browser: both nodes and the VIP serve it", async ({ page, request }) => {
  const clusters = (await (await request.get("/api/clusters")).json()) as { id: string; name: string }[];
  const cluster = clusters.find((c) => c.name === pair.name);
  if (!cluster) throw new Error(`the lab cluster ${pair.name} is not registered`);
  const cert = makeCertificate(NAME, 90);

  await page.goto(`/clusters/${cluster.id}`);
  await expect(page.getByTestId("certificates")).toBeVisible({ timeout: 30_000 });
  // The default path for "site" is the file the lab's bind names.
  await page.getByTestId("certificate-name").fill("site");
  await page.getByTestId("certificate-pem").fill(cert.pem);
  const started = Date.now();
  await page.getByRole("button", { name: "Upload and put on both nodes" }).click();

  await expect(page.getByTestId("certificate-job")).toContainText("site succeeded", { timeout: 30_000 });
  const row = page.getByTestId("certificate-site");
  await expect(row).toContainText(CERT_PATH);
  for (const where of [...NODES, "vip"])
    await expect(page.getByTestId(`certificate-site-${where}`)).toHaveText("serves it", { timeout: 30_000 });
  console.log(
    `[certificates.spec] both nodes and the VIP shown serving it ${Date.now() - started} ms after the click`,
  );
  // The page's word checked against the nodes themselves and a handshake of our own.
  for (const node of NODES) expect(heldSha1(node), node).toBe(cert.sha1);
  expect(await servedThroughVip(pair.vip, NAME)).toBe(cert.fingerprint);
  // The key was never sent back to the browser.
  const listed = await (await request.get(`/api/clusters/${cluster.id}/certificates`)).text();
  expect(listed).not.toContain("PRIVATE KEY");
});

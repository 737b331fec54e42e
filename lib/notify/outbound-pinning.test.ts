/**
 * DNS rebinding: the name is resolved once, checked, and the request connects to that address. Here
 * the checked lookup answers 127.0.0.1 (allowed) for a name no real resolver knows; a second lookup by
 * node:http would fail with ENOTFOUND, so a delivered page proves the connection used the checked address.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { splitBrainPage } from "./__fixtures__/message";
import { allowOutbound } from "./__fixtures__/outbound-allow";
import { webhookChannelSchema } from "./schemas";

const lookups: string[] = [];
vi.mock("node:dns/promises", () => ({
  lookup: (host: string) => {
    lookups.push(host);
    return Promise.resolve(
      host === "hooks.rebind.invalid"
        ? [{ address: "127.0.0.1", family: 4 }]
        : [{ address: "169.254.169.254", family: 4 }],
    );
  },
}));
const { sendToChannel } = await import("./send");

const hosts: string[] = [];
const server = createServer((request, response) => {
  hosts.push(request.headers.host ?? "");
  request.resume();
  response.writeHead(204).end();
});
let port = 0;
allowOutbound("127.0.0.1/32");
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe("outbound pinning", () => {
  it("connects to the address it checked, once resolved, keeping the name in Host", async () => {
    const result = await sendToChannel(
      webhookChannelSchema.parse({
        kind: "webhook",
        name: "hook",
        url: `http://hooks.rebind.invalid:${port}/x`,
      }),
      splitBrainPage,
    );
    expect(result).toMatchObject({ ok: true, response: "HTTP 204 No Content" });
    expect(lookups).toEqual(["hooks.rebind.invalid"]);
    expect(hosts).toEqual([`hooks.rebind.invalid:${port}`]);
  });

  it("refuses a name that resolves to the metadata address", async () => {
    const result = await sendToChannel(
      webhookChannelSchema.parse({ kind: "webhook", name: "hook", url: "http://metadata.rebind.invalid/" }),
      splitBrainPage,
    );
    expect(result).toMatchObject({
      ok: false,
      response: null,
      error: expect.stringMatching(/^refused: metadata\.rebind\.invalid resolves to 169\.254\.169\.254/),
    });
  });
});

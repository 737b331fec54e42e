/** Outbound targets: private, loopback and reserved addresses refused unless allowed; webhook answers never echoed. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitBrainPage as message } from "./__fixtures__/message";
import { checkOutboundHost, outboundAllowList, refusedAddress } from "./outbound";
import { webhookChannelSchema } from "./schemas";
import { sendToChannel } from "./send";

const none = outboundAllowList({}).list;

describe("outbound address check", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "0.0.0.0",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",
    "100.127.255.254",
    "169.254.169.254",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "192.0.2.7",
    "198.18.0.1",
    "::",
    "::1",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::1",
  ])("refuses %s", (address) => {
    expect(refusedAddress(address, none)).toMatch(
      /loopback, private, link-local or reserved.*HAPAIR_OUTBOUND_ALLOW/,
    );
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
  ])("allows %s", (address) => {
    expect(refusedAddress(address, none)).toBeNull();
  });

  it("opens exactly the ranges HAPAIR_OUTBOUND_ALLOW names, and reports a malformed entry", () => {
    const { list, errors } = outboundAllowList({
      HAPAIR_OUTBOUND_ALLOW: "127.0.0.1/32, 10.0.0.0/16,fd00::/8",
    });
    expect(errors).toEqual([]);
    expect(refusedAddress("127.0.0.1", list)).toBeNull();
    expect(refusedAddress("::ffff:127.0.0.1", list)).toBeNull();
    expect(refusedAddress("127.0.0.2", list)).not.toBeNull();
    expect(refusedAddress("10.0.200.1", list)).toBeNull();
    expect(refusedAddress("10.1.0.1", list)).not.toBeNull();
    expect(refusedAddress("fd00::5", list)).toBeNull();
    expect(outboundAllowList({ HAPAIR_OUTBOUND_ALLOW: "10.0.0.0/33,localhost" }).errors).toHaveLength(2);
  });

  it("resolves names before checking: localhost is loopback", async () => {
    expect(await checkOutboundHost("localhost", {})).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^localhost resolves to .* loopback/),
    });
    expect(await checkOutboundHost("[::1]", {})).toMatchObject({ ok: false });
    expect(
      await checkOutboundHost("localhost", { HAPAIR_OUTBOUND_ALLOW: "127.0.0.0/8,::1/128" }),
    ).toMatchObject({ ok: true });
  });
});

describe("webhook sends", () => {
  let hits: string[] = [];
  let server: Server;
  let base = "";
  const allowBefore = process.env.HAPAIR_OUTBOUND_ALLOW;
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? "");
      request.resume();
      if (request.url === "/redirect")
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      else
        response
          .writeHead(500, "Internal secret: token=abc123")
          .end("aws_secret_access_key=AKIA-very-secret");
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (allowBefore === undefined) delete process.env.HAPAIR_OUTBOUND_ALLOW;
    else process.env.HAPAIR_OUTBOUND_ALLOW = allowBefore;
    await new Promise<void>((done) => server.close(() => done()));
  });

  const send = (url: string) =>
    sendToChannel(webhookChannelSchema.parse({ kind: "webhook", name: "hook", url }), message);

  it("refuses loopback and the metadata address without connecting", async () => {
    delete process.env.HAPAIR_OUTBOUND_ALLOW;
    hits = [];
    for (const url of [
      `${base}/hook`,
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:127.0.0.1]:1/",
      "http://0.0.0.0:1/",
    ]) {
      const result = await send(url);
      expect(result).toMatchObject({ ok: false, response: null, error: expect.stringMatching(/^refused: /) });
    }
    expect(hits).toEqual([]);
  });

  it("answers the status code and its standard reason, never the body or the far end's reason text; follows no redirect", async () => {
    process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32";
    hits = [];
    const failed = await send(`${base}/hook`);
    expect(failed).toMatchObject({
      ok: false,
      response: "HTTP 500 Internal Server Error",
      error: "HTTP 500 Internal Server Error",
    });
    expect(JSON.stringify(failed)).not.toMatch(/secret|AKIA|token/);
    const redirected = await send(`${base}/redirect`);
    expect(redirected).toMatchObject({ ok: false, response: "HTTP 302 Found" });
    expect(hits).toEqual(["/hook", "/redirect"]);
  });
});

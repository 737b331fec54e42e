import { describe, expect, it } from "vitest";
import {
  clientAddress,
  normalizeAddress,
  parseTrustedProxies,
  PEER_HEADER_ENV,
  requestClient,
  UNKNOWN_CLIENT,
} from "./client-address";

const none = parseTrustedProxies(undefined);

describe("client address for sign-in limits", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("10.1.1.1", "1.2.3.4", none)).toBe("10.1.1.1");
    expect(clientAddress("::ffff:10.1.1.1", null, none)).toBe("10.1.1.1");
    expect(clientAddress(null, "1.2.3.4", none)).toBe(UNKNOWN_CLIENT);
    expect(clientAddress("garbage", "1.2.3.4", none)).toBe(UNKNOWN_CLIENT);
  });

  it("behind trusted proxies takes the right-most hop that is not one of them", () => {
    const trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8 ,fd00::/8");
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.2.3.4", trusted)).toBe("203.0.113.9");
    expect(clientAddress("fd00::1", "2001:DB8::5", trusted)).toBe("2001:db8::5");
    // A client-written hop left of the proxy's own proves nothing; garbage or nothing falls back to the proxy.
    expect(clientAddress("127.0.0.1", "203.0.113.9, not-an-ip", trusted)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", null, trusted)).toBe("127.0.0.1");
    // A peer that is not a trusted proxy is the client itself.
    expect(clientAddress("192.0.2.1", "203.0.113.9", trusted)).toBe("192.0.2.1");
  });

  it("refuses a bad trusted-proxy list, and normalises addresses", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/bad prefix/);
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/not an address/);
    expect(normalizeAddress("[::1]")).toBe("::1");
  });

  it("reads the peer only from the header our web server names (a client cannot guess it)", () => {
    const request = new Request("http://127.0.0.1:3000/", {
      headers: { "x-hapair-peer-abc": "10.3.3.3", "x-forwarded-for": "1.1.1.1" },
    });
    expect(requestClient(request, { [PEER_HEADER_ENV]: "x-hapair-peer-abc" })).toBe("10.3.3.3");
    expect(requestClient(request, {})).toBe(UNKNOWN_CLIENT);
  });
});

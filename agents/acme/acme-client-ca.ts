/**
 * The CA through acme-client (RFC 8555): one account per directory and contact. A directory whose
 * definition names a CA (`acme.caPem`: a private or test server) gets an HTTPS agent trusting that CA
 * for its own origin only; every other request keeps Node's default verification.
 */
import { Agent } from "node:https";
import { X509Certificate } from "node:crypto";
import * as acme from "acme-client";
import type { AcmeSettings } from "@/lib/cluster/schema/acme";
import type { AcmeCa, AcmeChallenge, AcmeOrderStatus } from "./types";

const trusted = new Map<string, Agent>();
let interceptorInstalled = false;

/** Requests to `origin` verify against `caPem` (and nothing else); other origins are untouched. */
function trustForOrigin(origin: string, caPem: string): void {
  trusted.set(origin, new Agent({ ca: caPem, keepAlive: false }));
  if (interceptorInstalled) return;
  interceptorInstalled = true;
  acme.axios.interceptors.request.use((config) => {
    const agent = config.url ? trusted.get(new URL(config.url).origin) : undefined;
    if (agent) config.httpsAgent = agent;
    return config;
  });
}

export function acmeClient(settings: AcmeSettings, accountKeyPem: string, accountUrl?: string): acme.Client {
  if (settings.caPem) trustForOrigin(new URL(settings.directoryUrl).origin, settings.caPem);
  return new acme.Client({
    directoryUrl: settings.directoryUrl,
    accountKey: accountKeyPem,
    ...(accountUrl ? { accountUrl } : {}),
    backoffAttempts: 20,
    backoffMin: 500,
    backoffMax: 5_000,
  });
}

export function createAccountKey(): Promise<string> {
  return acme.crypto.createPrivateEcdsaKey("P-256").then((key) => key.toString());
}

export class AcmeClientCa implements AcmeCa {
  constructor(
    private readonly client: acme.Client,
    private readonly email: string | undefined,
    /** Keeps the account's URL (the next job skips the lookup). */
    private readonly remember: (accountUrl: string) => Promise<void> = async () => {},
  ) {}

  async account(): Promise<string> {
    // A known account is used as is: acme-client would send it an empty update, which CAs refuse.
    const known = this.knownUrl();
    if (known) return known;
    await this.client.createAccount({
      termsOfServiceAgreed: true,
      ...(this.email ? { contact: [`mailto:${this.email}`] } : {}),
    });
    const url = this.client.getAccountUrl();
    await this.remember(url);
    return url;
  }

  private knownUrl(): string | null {
    try {
      return this.client.getAccountUrl();
    } catch {
      return null; // no account URL yet
    }
  }

  async newOrder(domains: string[]): Promise<{ url: string; challenges: AcmeChallenge[] }> {
    const order = await this.client.createOrder({
      identifiers: domains.map((value) => ({ type: "dns", value })),
    });
    const authorizations = await this.client.getAuthorizations(order);
    const challenges = await Promise.all(
      authorizations.map(async (authz) => {
        const challenge = authz.challenges.find((c) => c.type === "http-01");
        if (!challenge) throw new Error(`${authz.identifier.value}: the CA offers no http-01 challenge`);
        return {
          domain: authz.identifier.value,
          token: challenge.token,
          keyAuthorization: await this.client.getChallengeKeyAuthorization(challenge),
          authorizationUrl: authz.url,
          challengeUrl: challenge.url,
        };
      }),
    );
    return { url: order.url, challenges };
  }

  async orderStatus(orderUrl: string): Promise<AcmeOrderStatus> {
    return (await this.client.getOrder({ url: orderUrl } as acme.Order)).status;
  }

  async challengeStatus(challenge: AcmeChallenge): Promise<string> {
    const [authz] = await this.client.getAuthorizations({
      authorizations: [challenge.authorizationUrl],
    } as acme.Order);
    return authz?.challenges.find((c) => c.url === challenge.challengeUrl)?.status ?? "unknown";
  }

  async respond(challenge: AcmeChallenge): Promise<void> {
    await this.client.completeChallenge({
      type: "http-01",
      url: challenge.challengeUrl,
      token: challenge.token,
      status: "pending",
    });
  }

  async waitAuthorization(authorizationUrl: string): Promise<void> {
    await this.client.waitForValidStatus({ url: authorizationUrl });
  }

  async finalize(orderUrl: string, csrPem: string): Promise<void> {
    const order = await this.client.getOrder({ url: orderUrl } as acme.Order);
    await this.client.finalizeOrder(order, csrPem);
  }

  async certificate(orderUrl: string): Promise<string> {
    const order = await this.client.getOrder({ url: orderUrl } as acme.Order);
    return this.client.getCertificate(order);
  }
}

export async function newKeyAndCsr(domains: string[]): Promise<{ keyPem: string; csrPem: string }> {
  const [key, csr] = await acme.crypto.createCsr({ commonName: domains[0], altNames: domains });
  return { keyPem: key.toString(), csrPem: csr.toString() };
}

export function certificateNotAfter(chainPem: string): Date {
  return new Date(new X509Certificate(chainPem).validTo);
}

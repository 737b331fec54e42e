/**
 * What an ACME job works through, each a small interface so the executor runs in unit tests against
 * a fake CA, fake nodes and an in-memory store: the CA (acme-client in production), each node's admin
 * socket, the certificate store/distribution the bundle goes to, and the job's own row.
 */
import type { AcmeCertificateSpec } from "@/lib/cluster/schema/acme";
import type { AcmeStepState } from "@/lib/acme/steps";
import type { ChallengeEntry } from "@/lib/acme/challenge-commands";
import type { Clock } from "@/agents/runtime/clock";

export interface AcmeChallenge extends ChallengeEntry {
  domain: string;
  authorizationUrl: string;
  challengeUrl: string;
}

/** What the steps recorded, enough for a resumed job to go on (the certificate key only sealed). */
export interface AcmeJobData {
  accountUrl?: string;
  /** The domains ordered (renewal compares them with the definition's). */
  domains?: string[];
  orderUrl?: string;
  challenges?: AcmeChallenge[];
  keySealed?: string;
  /** The issued certificate and its chain (public). */
  chainPem?: string;
  notAfter?: string;
}

export interface AcmeJobView {
  id: number;
  clusterId: string;
  certificate: string;
  reason: string;
  status: "pending" | "running" | "succeeded" | "failed";
  steps: AcmeStepState[];
  data: AcmeJobData;
  error: string | null;
}

export type AcmeOrderStatus = "pending" | "ready" | "processing" | "valid" | "invalid";

/** The CA, bound to one account (acme-client's Client; a fake in tests). */
export interface AcmeCa {
  /** Registers the account (or finds it); its URL. */
  account(): Promise<string>;
  newOrder(domains: string[]): Promise<{ url: string; challenges: AcmeChallenge[] }>;
  orderStatus(orderUrl: string): Promise<AcmeOrderStatus>;
  challengeStatus(challenge: AcmeChallenge): Promise<string>;
  /** Tells the CA the answer is published (RFC 8555 §7.5.1). */
  respond(challenge: AcmeChallenge): Promise<void>;
  /** Waits until the authorization is valid; throws with the CA's reason when it turns invalid. */
  waitAuthorization(authorizationUrl: string): Promise<void>;
  finalize(orderUrl: string, csrPem: string): Promise<void>;
  /** Waits for the order to be valid, then downloads the certificate chain (PEM). */
  certificate(orderUrl: string): Promise<string>;
}

/** One node's HAProxy admin socket: one command, its answer. */
export interface ChallengeNode {
  readonly name: string;
  runtime(command: string): Promise<string>;
}

export interface CertificateBundle {
  clusterId: string;
  name: string;
  path: string;
  domains: string[];
  /** Certificate then chain, PEM. */
  chainPem: string;
  keyPem: string;
  notAfter: Date;
}

/** Where an issued certificate goes: the certificate store and its distribution to both nodes. */
export interface CertificateInstaller {
  install(bundle: CertificateBundle, signal: AbortSignal): Promise<string[]>;
}

export interface AcmeJobStore {
  save(job: AcmeJobView): Promise<void>;
}

export interface AcmeEnv {
  ca: AcmeCa;
  nodes: ChallengeNode[];
  installer: CertificateInstaller;
  store: AcmeJobStore;
  spec: AcmeCertificateSpec;
  challengeMap: string;
  keys: {
    /** A new private key and a CSR for the domains. */
    csr(domains: string[]): Promise<{ keyPem: string; csrPem: string }>;
    notAfter(certificatePem: string): Date;
    seal(text: string): string;
    open(sealed: string): string;
  };
  clock: Clock;
  log?: (line: string) => void;
}

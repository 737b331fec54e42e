/**
 * Runs one ACME job through its steps (lib/acme/steps.ts), writing the row after every change, so a
 * job interrupted by an agents restart goes on from the step it was in: account, order, publish the
 * HTTP-01 answers on BOTH nodes (whichever holds the VIP when the CA asks answers, also after a
 * failover), tell the CA, wait for the authorizations, finalize with a CSR (the key sealed in the row
 * first), download the chain, hand the bundle to the certificate installer, and withdraw the answers
 * (also after a failure).
 */
import { errorMessage } from "@/lib/error-message";
import { mapReplyError, publishCommands, withdrawCommand } from "@/lib/acme/challenge-commands";
import { afterFailure, nextStep, type AcmeStepKind } from "@/lib/acme/steps";
import type { AcmeEnv, AcmeJobView, ChallengeNode } from "./types";

type Step = (
  env: AcmeEnv,
  job: AcmeJobView,
  log: (line: string) => void,
  signal: AbortSignal,
) => Promise<void>;

async function onNode(node: ChallengeNode, command: string): Promise<void> {
  const reply = await node.runtime(command);
  const error = mapReplyError(command, reply);
  if (error) throw new Error(`${node.name}: ${command.split(" ").slice(0, 2).join(" ")}: ${error}`);
}

function challengesOf(job: AcmeJobView) {
  const challenges = job.data.challenges;
  if (!challenges || !job.data.orderUrl) throw new Error("no order recorded: the order step did not finish");
  return { challenges, orderUrl: job.data.orderUrl };
}

const STEPS: Record<AcmeStepKind, Step> = {
  async account(env, job, log) {
    job.data.accountUrl = await env.ca.account();
    log(`account ${job.data.accountUrl}`);
  },
  async order(env, job, log) {
    const order = await env.ca.newOrder(env.spec.domains);
    job.data.orderUrl = order.url;
    job.data.domains = env.spec.domains;
    job.data.challenges = order.challenges;
    log(
      `order ${order.url}: ${order.challenges.length} HTTP-01 challenge(s) for ${env.spec.domains.join(", ")}`,
    );
  },
  async publish(env, job, log) {
    const { challenges } = challengesOf(job);
    // Both nodes, not only the VIP holder: the VIP may move before the CA asks.
    for (const node of env.nodes) {
      for (const challenge of challenges)
        for (const command of publishCommands(env.challengeMap, challenge)) await onNode(node, command);
      log(`${node.name}: ${challenges.length} answer(s) in ${env.challengeMap}`);
    }
  },
  async "notify-ca"(env, job, log) {
    const { challenges } = challengesOf(job);
    for (const challenge of challenges) {
      const status = await env.ca.challengeStatus(challenge);
      if (status === "pending") await env.ca.respond(challenge);
      log(`${challenge.domain}: challenge ${status === "pending" ? "answered" : status}`);
    }
  },
  async "wait-valid"(env, job, log) {
    const { challenges } = challengesOf(job);
    for (const challenge of challenges) {
      await env.ca.waitAuthorization(challenge.authorizationUrl);
      log(`${challenge.domain}: authorization valid`);
    }
  },
  async finalize(env, job, log) {
    const { orderUrl } = challengesOf(job);
    const status = await env.ca.orderStatus(orderUrl);
    if (status === "processing" || status === "valid") return log(`order already ${status}`);
    const { keyPem, csrPem } = await env.keys.csr(env.spec.domains);
    // Sealed into the row before the CA sees the CSR: a resumed job must install this key's certificate.
    job.data.keySealed = env.keys.seal(keyPem);
    await env.store.save(job);
    await env.ca.finalize(orderUrl, csrPem);
    log("order finalized with a new key's CSR");
  },
  async install(env, job, log, signal) {
    const { orderUrl } = challengesOf(job);
    if (!job.data.keySealed) throw new Error("no certificate key recorded: the finalize step did not finish");
    const chainPem = job.data.chainPem ?? (await env.ca.certificate(orderUrl));
    const notAfter = env.keys.notAfter(chainPem);
    job.data.chainPem = chainPem;
    job.data.notAfter = notAfter.toISOString();
    await env.store.save(job);
    log(`certificate issued, valid until ${notAfter.toISOString()}`);
    const lines = await env.installer.install(
      {
        clusterId: job.clusterId,
        name: env.spec.name,
        path: env.spec.path,
        domains: env.spec.domains,
        chainPem,
        keyPem: env.keys.open(job.data.keySealed),
        notAfter,
      },
      signal,
    );
    for (const line of lines) log(line);
    // The certificate store holds the key now (sealed); the job keeps no copy.
    delete job.data.keySealed;
  },
  async cleanup(env, job, log) {
    const challenges = job.data.challenges ?? [];
    const problems: string[] = [];
    for (const node of env.nodes) {
      try {
        for (const c of challenges) await onNode(node, withdrawCommand(env.challengeMap, c.token));
        log(`${node.name}: answers withdrawn`);
      } catch (error) {
        problems.push(errorMessage(error));
      }
    }
    if (problems.length > 0) throw new Error(`answers left in the map: ${problems.join("; ")}`);
  },
};

/** Runs the job from its first step not done; the outcome. One failing step skips to the cleanup. */
export async function executeAcmeJob(
  env: AcmeEnv,
  job: AcmeJobView,
  signal: AbortSignal,
): Promise<"succeeded" | "failed"> {
  job.status = "running";
  let failure: string | null = null;
  for (let index = nextStep(job.steps); index !== null; index = nextStep(job.steps)) {
    signal.throwIfAborted();
    const step = job.steps[index];
    if (!step) break;
    step.status = "running";
    await env.store.save(job);
    signal.throwIfAborted();
    const log = (line: string) => {
      step.log.push(line);
      env.log?.(`acme job ${job.id} ${step.kind}: ${line}`);
    };
    try {
      await STEPS[step.kind](env, job, log, signal);
      step.status = "done";
    } catch (error) {
      if (signal.aborted) throw error;
      step.status = "failed";
      step.error = errorMessage(error);
      failure ??= `${step.kind}: ${step.error}`;
      job.steps = afterFailure(job.steps, index);
    }
    await env.store.save(job);
  }
  job.status = failure ? "failed" : "succeeded";
  job.error = failure;
  await env.store.save(job);
  return job.status;
}

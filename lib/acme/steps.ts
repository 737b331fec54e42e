/**
 * An ACME issuance as an ordered list of steps, each idempotent given what the job recorded so far,
 * so agents that restart mid-issuance resume at the first step not done. Pure.
 */
export const ACME_STEP_KINDS = [
  "account",
  "order",
  "publish",
  "notify-ca",
  "wait-valid",
  "finalize",
  "install",
  "cleanup",
] as const;

export type AcmeStepKind = (typeof ACME_STEP_KINDS)[number];

export interface AcmeStepState {
  kind: AcmeStepKind;
  status: "pending" | "running" | "done" | "failed" | "skipped";
  error?: string;
  log: string[];
}

export function acmeSteps(): AcmeStepState[] {
  return ACME_STEP_KINDS.map((kind) => ({ kind, status: "pending", log: [] }));
}

/** Where a (possibly interrupted) job goes on: the first step pending or cut off running; null when none is left. */
export function nextStep(steps: AcmeStepState[]): number | null {
  const index = steps.findIndex((s) => s.status === "pending" || s.status === "running");
  return index < 0 ? null : index;
}

/** After a failure the rest is skipped, except the challenge cleanup, which always runs. */
export function afterFailure(steps: AcmeStepState[], failed: number): AcmeStepState[] {
  return steps.map((s, i) =>
    i <= failed || s.status === "done" ? s : { ...s, status: s.kind === "cleanup" ? "pending" : "skipped" },
  );
}

/**
 * Requests that may override a refusing gate (rollout start, drill): `force` needs a reason of at least
 * 3 characters, which is audited. One rule and one message shape for both.
 */
import { z } from "zod";

export const forceFields = {
  force: z.boolean().default(false),
  reason: z.string().trim().max(500, "at most 500 characters").default(""),
};

/** The arguments of `.refine` that refuse a force without a reason, on `reason`. */
export function forceNeedsReason(
  what: string,
): [(request: { force: boolean; reason: string }) => boolean, { path: string[]; message: string }] {
  return [
    (request) => !request.force || request.reason.length >= 3,
    { path: ["reason"], message: `say why you force the ${what} (at least 3 characters)` },
  ];
}

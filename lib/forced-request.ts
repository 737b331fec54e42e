/**
 * Requests that may override a refusing gate (rollout start, drill): `force` needs a reason of at least
 * 3 characters, which is audited. One rule and one message shape for both.
 */
import { z } from "zod";

const forceFields = {
  force: z.boolean().default(false),
  reason: z.string().trim().max(500, "at most 500 characters").default(""),
};

/** A strict request of `fields` plus `force` and `reason`, refusing a force without a reason (on `reason`). */
export function forcedRequestSchema<Fields extends z.ZodRawShape>(what: string, fields: Fields) {
  // Typed loosely: zod cannot see force and reason in the output of a generic shape (they are there).
  const withReason = (request: { force?: unknown; reason?: unknown }) =>
    request.force !== true || (typeof request.reason === "string" && request.reason.length >= 3);
  return z.strictObject({ ...fields, ...forceFields }).refine(withReason, {
    path: ["reason"],
    message: `say why you force the ${what} (at least 3 characters)`,
  });
}

/** User input shapes, shared by the HTTP API, the forms and the CLI. */
import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./password";
import { ROLES } from "./roles";

export const usernameSchema = z
  .string()
  .min(1, "required")
  .max(64, "at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, '.', '_', '-' only");

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "at most 200 characters");

export const roleSchema = z.enum(ROLES, { error: `one of ${ROLES.join(", ")}` });

export const loginSchema = z.strictObject({ username: z.string().max(64), password: z.string().max(200) });

export const newUserSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
});

export const userChangeSchema = z.strictObject({
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});

export const firstAdminSchema = z.strictObject({ username: usernameSchema, password: passwordSchema });

export type NewUser = z.infer<typeof newUserSchema>;
export type UserChange = z.infer<typeof userChangeSchema>;

/** A new API token: for oneself, or (admins) for a service account named here, created if new. */
export const newApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1, "required").max(64, "at most 64 characters"),
  role: roleSchema,
  expiresInDays: z.int("a whole number of days").min(1, "at least 1").max(366, "at most 366"),
  serviceAccount: usernameSchema.optional(),
});

export type NewApiToken = z.infer<typeof newApiTokenSchema>;

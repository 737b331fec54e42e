import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { can } from "./roles";

describe("passwords", () => {
  it("verifies the right password only, with a salted hash", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("wrong horse battery", stored)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(stored);
  });

  it("rejects malformed stored hashes", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });
});

describe("roles", () => {
  it("grants capabilities from the minimum role upward", () => {
    expect(can("viewer", "read")).toBe(true);
    expect(can("viewer", "rollout")).toBe(false);
    expect(can("operator", "rollout")).toBe(true);
    expect(can("operator", "edit-cluster")).toBe(false);
    expect(can("admin", "manage-users")).toBe(true);
  });
});

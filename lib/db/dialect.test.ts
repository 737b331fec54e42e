/** The dialect seam reads the provider from the client and from a transaction on it (a Prisma internal). */
import { describe, expect, it } from "vitest";
import { onPostgres } from "@/lib/db/__testing__/postgres-database";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";
import { dialectOf } from "./dialect";

const { db } = await useTestDatabase("dialect");
const expected = onPostgres() ? "postgres" : "sqlite";

describe("dialectOf", () => {
  it(`is ${expected} for the test database's client and inside its transactions`, async () => {
    expect(dialectOf(db)).toBe(expected);
    expect(await db.$transaction((tx) => Promise.resolve(dialectOf(tx)))).toBe(expected);
  });
});

/** Tests: HAPAIR_OUTBOUND_ALLOW set for one test file's receivers (on loopback), and put back after it. */
import { afterAll, beforeAll } from "vitest";

export function allowOutbound(cidrs: string): void {
  const before = process.env.HAPAIR_OUTBOUND_ALLOW;
  beforeAll(() => {
    process.env.HAPAIR_OUTBOUND_ALLOW = cidrs;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HAPAIR_OUTBOUND_ALLOW;
    else process.env.HAPAIR_OUTBOUND_ALLOW = before;
  });
}

/** GET /api/live/events through its real handler: streams capped per session and in total, slots freed on disconnect. */
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";
import { LIVE_STREAM_LIMITS } from "@/lib/store/live-stream-slots";

const { db } = await useTestDatabase("live-events");
const { cookieFor } = await import("@/lib/auth/__fixtures__/test-sessions");
const route = await import("./events/route");

const open: AbortController[] = [];
afterAll(() => {
  for (const c of open) c.abort();
});

async function connect(cookie: string): Promise<{ status: number; leave: () => void }> {
  const controller = new AbortController();
  const response = await route.GET(
    new Request("http://hapair.test/api/live/events", { headers: { cookie }, signal: controller.signal }),
    { params: Promise.resolve({}) },
  );
  if (response.status === 200) open.push(controller);
  else await response.body?.cancel();
  return { status: response.status, leave: () => controller.abort() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("live event streams", () => {
  it("allows a few streams per session (parallel requests), refuses the rest with 429, and frees a slot when a client leaves", async () => {
    const cookie = await cookieFor(db, "viewer");
    const tries = await Promise.all(
      Array.from({ length: LIVE_STREAM_LIMITS.perSession + 3 }, () => connect(cookie)),
    );
    expect(tries.filter((t) => t.status === 200)).toHaveLength(LIVE_STREAM_LIMITS.perSession);
    expect(tries.filter((t) => t.status === 429)).toHaveLength(3);
    expect((await connect(await cookieFor(db, "viewer"))).status).toBe(200); // another session is not affected

    tries.find((t) => t.status === 200)?.leave();
    await settle();
    expect((await connect(cookie)).status).toBe(200);
    expect((await connect(cookie)).status).toBe(429);
    for (const c of open.splice(0)) c.abort();
    await settle();
  });

  it("caps streams in total across sessions", { timeout: 60_000 }, async () => {
    const sessions = Math.ceil(LIVE_STREAM_LIMITS.total / LIVE_STREAM_LIMITS.perSession);
    const cookies = await Promise.all(Array.from({ length: sessions + 1 }, () => cookieFor(db, "viewer")));
    const tries = await Promise.all(
      cookies
        .slice(0, sessions)
        .flatMap((cookie) => Array.from({ length: LIVE_STREAM_LIMITS.perSession }, () => connect(cookie))),
    );
    expect(tries.filter((t) => t.status === 200)).toHaveLength(LIVE_STREAM_LIMITS.total);
    const extra = cookies.at(-1) ?? "";
    expect((await connect(extra)).status).toBe(429);
    for (const c of open.splice(0)) c.abort();
    await settle();
    expect((await connect(extra)).status).toBe(200);
  });
});

/**
 * Server-sent events for live pages: "change" whenever the agents wrote a new state, so a page
 * refetches at once instead of at its next interval. The session is checked again on every
 * keep-alive: a stream ends with its session (sign-out, expiry, disabled user). Streams are capped per
 * session and in total (429 beyond); a stream's slot, timer and listener go when it ends or the client leaves.
 */
import { db } from "@/lib/db/client";
import { createLiveChangeFeed } from "@/lib/store/live-changes";
import { createStreamSlots, LIVE_STREAM_LIMITS } from "@/lib/store/live-stream-slots";
import { sessionUserOf, withAuth } from "@/app/api/_lib/auth";
import { issuesResponse } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

const KEEPALIVE_MS = 15_000;
const feed = createLiveChangeFeed(db);
const slots = createStreamSlots();

export const GET = withAuth("read", async (request, { user }) => {
  const release = slots.acquire(user.sessionId);
  if (!release) {
    const message = `at most ${LIVE_STREAM_LIMITS.perSession} live streams per session and ${LIVE_STREAM_LIMITS.total} in all; close a tab or retry later`;
    const refused = issuesResponse(429, [{ path: "(stream)", message }]);
    refused.headers.set("retry-after", "5");
    return refused;
  }
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = feed.subscribe(() => send("event: change\ndata: {}\n\n"));
      const keepalive = setInterval(() => {
        void sessionUserOf(request).then(
          (user) => (user ? send(": keep-alive\n\n") : stop()),
          () => stop(),
        );
      }, KEEPALIVE_MS);
      stop = () => {
        if (!open) return;
        open = false;
        release();
        unsubscribe();
        clearInterval(keepalive);
        request.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", stop, { once: true });
      if (request.signal.aborted) stop(); // gone before the stream was built
      send("retry: 2000\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: proxies must not buffer or compress the stream; x-accel-buffering: the same for nginx.
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
});

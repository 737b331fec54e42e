/**
 * Server-sent events for live pages: "change" whenever the agents wrote a new state, so a page
 * refetches at once instead of at its next interval. The session is checked again on every
 * keep-alive: a stream ends with its session (sign-out, expiry, disabled user).
 */
import { db } from "@/lib/db/client";
import { createLiveChangeFeed } from "@/lib/store/live-changes";
import { sessionUserOf, withAuth } from "../../_lib/auth";

export const dynamic = "force-dynamic";

const KEEPALIVE_MS = 15_000;
const feed = createLiveChangeFeed(db);

export const GET = withAuth("read", async (request) => {
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
        void sessionUserOf(request).then((user) => (user ? send(": keep-alive\n\n") : stop()), () => stop());
      }, KEEPALIVE_MS);
      stop = () => {
        if (!open) return;
        open = false;
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

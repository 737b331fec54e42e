/** Prometheus metrics (lib/metrics/render.ts), for a scraper with an API token (`authorization` in scrape_config). */
import { db } from "@/lib/db/client";
import { renderMetrics } from "@/lib/metrics/render";
import { metricsSnapshot } from "@/lib/store/metrics-snapshot";
import { withAuth } from "../_lib/auth";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () => {
  const { contentType, text } = await renderMetrics(await metricsSnapshot(db));
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});

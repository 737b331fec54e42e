// Bounded HTTP load from the lab's client: a fixed rate (open loop, like independent users) of GETs
// over keep-alive connections, no retries; every error or non-200 answer counts as a failure.
// Stops by itself after `total` requests (or the deadline). Prints one JSON report line on stdout.
// Usage: node load-client.mjs URL RATE TOTAL [MAX_IN_FLIGHT]
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

const [url, rateArg, totalArg, inFlightArg] = process.argv.slice(2);
const rate = Number(rateArg);
const total = Number(totalArg);
const maxInFlight = Number(inFlightArg ?? 5_000);
if (!url || !(rate > 0) || !(total > 0)) {
  console.error("usage: node load-client.mjs URL RATE TOTAL [MAX_IN_FLIGHT]");
  process.exit(2);
}
const https = url.startsWith("https:");
const agent = https
  ? new HttpsAgent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false })
  : new HttpAgent({ keepAlive: true, maxSockets: 64 });
const send = https ? httpsRequest : httpRequest;
const deadline = Date.now() + (total / rate) * 1000 * 2 + 15_000;

let sent = 0;
let ok = 0;
let inFlight = 0;
const failures = [];
const latencies = [];
const started = Date.now();

function one() {
  const at = Date.now();
  inFlight += 1;
  let settled = false;
  const finish = (error) => {
    if (settled) return;
    settled = true;
    inFlight -= 1;
    if (error) failures.push({ atMs: at - started, error });
    else {
      ok += 1;
      latencies.push(Date.now() - at);
    }
  };
  const req = send(url, { agent, timeout: 5_000 }, (res) => {
    res.resume();
    res.on("end", () => finish(res.statusCode === 200 ? null : `HTTP ${res.statusCode}`));
    res.on("error", (e) => finish(e.code ?? e.message));
  });
  req.on("timeout", () => req.destroy(new Error("timeout")));
  req.on("error", (e) => finish(e.code ?? e.message));
  req.end();
}

const tickMs = 10;
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate));
  while (sent < due) {
    if (inFlight >= maxInFlight) {
      failures.push({ atMs: Date.now() - started, error: "client overloaded (too many in flight)" });
    } else one();
    sent += 1;
  }
  if ((sent >= total && inFlight === 0) || Date.now() > deadline) {
    clearInterval(timer);
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? null;
    const byError = {};
    for (const f of failures) byError[f.error] = (byError[f.error] ?? 0) + 1;
    const durationMs = Date.now() - started;
    console.log(
      JSON.stringify({
        url,
        rate,
        sent,
        ok,
        failed: sent - ok,
        inFlightAtEnd: inFlight,
        durationMs,
        achievedRate: Math.round((ok / durationMs) * 1000),
        p50Ms: pick(0.5),
        p99Ms: pick(0.99),
        byError,
        firstFailures: failures.slice(0, 20),
      }),
    );
  }
}, tickMs);

/** Writes a few log lines the ways hapair's code does; log.test.ts runs it with and without HAPAIR_LOG_FORMAT. */
import { installLogFormat, logger } from "@/lib/log";

installLogFormat();
logger("agents").info("started", { pid: 42, loops: "heartbeat,poller reconcile" });
console.log("[web] listening on http://127.0.0.1:3000");
console.error(`[poller] lb-01: cannot start polling: connect ECONNREFUSED 10.0.0.1:22`);
console.error("[agents] failed to start:", new Error("the database is newer than this hapair"));
logger("watch lb-02").warn("watching again", { attempt: 3, reason: "stream ended" });
console.warn("a line without a component");

// A lab backend: answers "/" with its name and "/healthz" with 200, or 503 while the flag file exists.
import { existsSync } from "node:fs";
import { createServer } from "node:http";

const [name, host, port, unhealthyFlag] = process.argv.slice(2);
const server = createServer((request, response) => {
  if (request.url === "/healthz") {
    const healthy = !existsSync(unhealthyFlag);
    response.writeHead(healthy ? 200 : 503, { "content-type": "text/plain" });
    response.end(healthy ? "ok\n" : "unhealthy\n");
    return;
  }
  response.writeHead(200, { "content-type": "text/plain" });
  response.end(`${name}\n`);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(port), host, () => console.log(`${name} listening on ${host}:${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));

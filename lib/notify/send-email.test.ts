/**
 * The email channel against an SMTP server on loopback that speaks just enough of the protocol
 * (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, no STARTTLS): the page arrives with its headline; a login is
 * never sent without TLS; loopback is refused unless HAPAIR_OUTBOUND_ALLOW names it.
 */
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailChannelSchema } from "./schemas";
import { sendToChannel } from "./send";
import { splitBrainPage as message } from "./__fixtures__/message";
import { allowOutbound } from "./__fixtures__/outbound-allow";

interface Received {
  auth: string | null;
  from: string;
  to: string[];
  data: string;
}
const received: Received[] = [];
/** Every AUTH line the server saw, mail or not. */
const authLines: string[] = [];

function converse(socket: Socket): void {
  const mail: Received = { auth: null, from: "", to: [], data: "" };
  let inData = false;
  let buffer = "";
  const reply = (line: string) => socket.write(`${line}\r\n`);
  reply("220 test ESMTP");
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (;;) {
      if (inData) {
        const end = buffer.indexOf("\r\n.\r\n");
        if (end < 0) return;
        mail.data = buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        inData = false;
        received.push(mail);
        reply("250 queued");
        continue;
      }
      const eol = buffer.indexOf("\r\n");
      if (eol < 0) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.split(" ")[0]?.toUpperCase();
      if (verb === "EHLO") socket.write("250-test\r\n250 AUTH PLAIN\r\n");
      // On purpose: this server has no TLS, so the sender must refuse to send the login in clear.
      else if (verb === "STARTTLS") reply("502 STARTTLS refused: this test server has no TLS");
      else if (verb === "AUTH") {
        authLines.push(line);
        mail.auth = Buffer.from(line.split(" ")[2] ?? "", "base64")
          .toString("utf8")
          .split("\0")
          .slice(1)
          .join(":");
        reply("235 ok");
      } else if (verb === "MAIL") ((mail.from = line), reply("250 ok"));
      else if (verb === "RCPT") (mail.to.push(line), reply("250 ok"));
      else if (verb === "DATA") ((inData = true), reply("354 go on"));
      else if (verb === "QUIT") (reply("221 bye"), socket.end());
      else reply("250 ok");
    }
  });
}

const server = createServer(converse);
let port = 0;
allowOutbound("127.0.0.1/32"); // the test's own SMTP server
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** An email channel to the test's SMTP server from hapair@example.com to ops@example.com; `fields` over it. */
const emailChannel = (fields: Record<string, unknown> = {}) =>
  emailChannelSchema.parse({
    kind: "email",
    name: "ops mail",
    host: "127.0.0.1",
    port,
    from: "hapair@example.com",
    to: ["ops@example.com"],
    ...fields,
  });

describe("email channel", () => {
  it("sends the page over SMTP (no login: plain SMTP is allowed)", async () => {
    const channel = emailChannel({ to: ["ops@example.com", "oncall@example.com"] });
    const result = await sendToChannel(channel, message);
    expect(result).toMatchObject({ ok: true, error: null, response: "sent (SMTP 250)" });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.auth).toBeNull();
    expect(mail?.from).toContain("hapair@example.com");
    expect(mail?.to.join(" ")).toMatch(/ops@example\.com.*oncall@example\.com/);
    const unfolded = (mail?.data ?? "").replace(/\r\n[ \t]/g, " ").replace(/=\r\n/g, ""); // header folding, quoted-printable soft breaks
    expect(unfolded).toContain(
      "Subject: [hapair] FIRING critical split-brain on payments: both lb-01 and lb-02 hold 10.0.0.100",
    );
    expect(unfolded).toContain("link:     http://127.0.0.1:3000/clusters/c1");
    expect(unfolded).toContain('"inet 10.0.0.100/24"');
  });

  it("never sends the login to a server that offers no STARTTLS", async () => {
    const channel = emailChannel({ username: "hapair", password: "s3cret" });
    const before = received.length;
    const result = await sendToChannel(channel, message);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/TLS|STARTTLS/);
    expect(authLines).toEqual([]);
    expect(received).toHaveLength(before);
  });

  it("refuses loopback when HAPAIR_OUTBOUND_ALLOW does not name it", async () => {
    process.env.HAPAIR_OUTBOUND_ALLOW = "192.0.2.0/24";
    try {
      const channel = emailChannel();
      const before = received.length;
      const result = await sendToChannel(channel, message);
      expect(result).toMatchObject({ ok: false, response: null });
      expect(result.error).toMatch(/^refused: 127\.0\.0\.1 is a loopback/);
      expect(received).toHaveLength(before);
    } finally {
      process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32";
    }
  });

  it("reports a refused connection as a failed attempt, not a crash", async () => {
    const channel = emailChannel({ name: "nowhere", port: 1 });
    const result = await sendToChannel(channel, message);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED|connect/i);
  });
});

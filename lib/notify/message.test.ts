import { describe, expect, it } from "vitest";
import { splitBrainPage } from "./__fixtures__/message";
import { emailText, headline, slackBody, webhookBody } from "./message";

describe("Slack body", () => {
  it("escapes node-supplied text so no link or mention can be planted", () => {
    const hostile = {
      ...splitBrainPage,
      key: "be_<http://evil.example|click here>",
      summary: "backend <http://evil.example|login> & <!channel> down",
      cluster: { id: "c1", name: "pay<ments>" },
    };
    const { text } = JSON.parse(slackBody(hostile)) as { text: string };
    // The only link left is hapair's own, ending at its label.
    expect(text.match(/<[^>]*>/g)).toEqual(["<http://127.0.0.1:3000/clusters/c1|Open pay&lt;ments&gt;>"]);
    expect(text).toContain("backend &lt;http://evil.example|login&gt; &amp; &lt;!channel&gt; down");
  });

  it("keeps a '|' in hapair's own URL from splitting the link", () => {
    const { text } = JSON.parse(slackBody({ ...splitBrainPage, url: "http://h.example/x|<evil>" })) as {
      text: string;
    };
    expect(text).toContain("<http://h.example/x%7C&lt;evil&gt;|Open payments>");
  });
});

describe("a page during a drill", () => {
  const during = { ...splitBrainPage, drill: { id: 12, kind: "partition" } };

  it("says so in the headline, the Slack text, the email and the webhook payload", () => {
    expect(headline(during)).toBe(
      "[hapair] [drill] FIRING critical split-brain on payments: both lb-01 and lb-02 hold 10.0.0.100",
    );
    expect((JSON.parse(slackBody(during)) as { text: string }).text).toContain("[hapair] [drill] FIRING");
    const email = emailText(during);
    expect(email.subject).toMatch(/^\[hapair\] \[drill\] /);
    expect(email.text).toContain("drill:    #12 (partition): this incident began during a failover drill");
    expect(JSON.parse(webhookBody(during))).toMatchObject({
      source: "hapair",
      drill: { id: 12, kind: "partition" },
    });
  });

  it("outside a drill: no mark, and the webhook says drill: null", () => {
    expect(headline(splitBrainPage)).not.toContain("[drill]");
    expect(emailText(splitBrainPage).text).not.toContain("drill:");
    expect(JSON.parse(webhookBody(splitBrainPage))).toMatchObject({ drill: null });
  });
});

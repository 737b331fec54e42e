import { describe, expect, it } from "vitest";
import { splitBrainPage } from "./__fixtures__/message";
import { slackBody } from "./message";

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

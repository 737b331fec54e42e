/** The API reference page renders every operation of the document, with no reference to anything outside the app. */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { operations } from "@/app/api/_lib/operations";

vi.mock("@/app/_lib/page-auth", () => ({
  requirePageUser: () => Promise.resolve({ username: "v", role: "viewer" }),
}));

describe("the API reference page", () => {
  it("shows each operation and loads nothing from elsewhere", async () => {
    const { default: ApiDocsPage } = await import("./page");
    const html = renderToStaticMarkup(await ApiDocsPage());
    for (const op of Object.values(operations)) expect(html).toContain(`${op.method} ${op.path}`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

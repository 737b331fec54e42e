import { ApiTokensSettings } from "@/app/_features/api-tokens/components/api-tokens-settings";
import { sectionPage } from "@/app/_lib/section-page";

export default sectionPage({
  capability: "read",
  title: "API tokens",
  intro: (
    <>
      For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code> to the API (or set{" "}
      <code>HAPAIR_TOKEN</code> for <code>hapair --server</code>). A token acts with its role, never more than
      its owner&apos;s current role; pages still need a signed-in session.
    </>
  ),
  body: <ApiTokensSettings />,
});

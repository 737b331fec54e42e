import { ApiTokensSettings } from "@/app/_features/api-tokens/components/api-tokens-settings";
import { PageSection } from "@/app/_components/ui/page-section";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function ApiTokensPage() {
  await requirePageUser("read");
  return (
    <PageSection
      title="API tokens"
      intro={
        <>
          For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code> to the API (or set{" "}
          <code>HAPAIR_TOKEN</code> for <code>hapair --server</code>). A token acts with its role, never more
          than its owner&apos;s current role; pages still need a signed-in session.
        </>
      }
    >
      <ApiTokensSettings />
    </PageSection>
  );
}

import { ApiTokensSettings } from "@/app/_features/api-tokens/components/api-tokens-settings";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function ApiTokensPage() {
  await requirePageUser("read");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
      <p className="text-sm text-slate-600">
        For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code> to the API (or set{" "}
        <code>HAPAIR_TOKEN</code> for <code>hapair --server</code>). A token acts with its role, never more
        than its owner&apos;s current role; pages still need a signed-in session.
      </p>
      <ApiTokensSettings />
    </section>
  );
}

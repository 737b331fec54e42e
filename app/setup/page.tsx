import { redirect } from "next/navigation";
import { CredentialsForm } from "@/app/_features/auth/components/credentials-form";
import { countUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** First run: works only while hapair has no user at all (the API refuses it afterwards too). */
export default async function SetupPage() {
  if ((await countUsers(db)) > 0) redirect("/login");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Create the first admin</h1>
      <p className="max-w-xl text-sm text-slate-600">
        hapair has no users yet. The account you create here is an admin; add viewers and operators afterwards
        under Users. (Or, on the server:{" "}
        <code className="font-mono">npx hapair user add NAME --role admin</code>.)
      </p>
      <CredentialsForm
        endpoint="/api/auth/setup"
        submitLabel="Create admin and sign in"
        next="/"
        newPassword
      />
    </section>
  );
}

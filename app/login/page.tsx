import { redirect } from "next/navigation";
import { CredentialsForm } from "@/app/_features/auth/components/credentials-form";
import { currentUser } from "@/app/_lib/page-auth";
import { safeNextPath } from "@/lib/auth/safe-next";
import { countUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect("/");
  if ((await countUsers(db)) === 0) redirect("/setup");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <CredentialsForm endpoint="/api/auth/login" submitLabel="Sign in" next={safeNextPath(next)} />
    </section>
  );
}

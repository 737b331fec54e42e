import { UsersAdmin } from "@/app/_features/users/components/users-admin";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function UsersPage() {
  await requirePageUser("manage-users");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <p className="text-sm text-slate-600">
        Viewers read; operators also run rollouts, runtime actions and acknowledge alerts; admins manage
        users, clusters and credentials.
      </p>
      <UsersAdmin />
    </section>
  );
}

import { UsersAdmin } from "@/app/_features/users/components/users-admin";
import { PageSection } from "@/app/_components/ui/page-section";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function UsersPage() {
  await requirePageUser("manage-users");
  return (
    <PageSection
      title="Users"
      intro={
        <>
          Viewers read; operators also run rollouts, runtime actions and acknowledge alerts; admins manage
          users, clusters and credentials.
        </>
      }
    >
      <UsersAdmin />
    </PageSection>
  );
}

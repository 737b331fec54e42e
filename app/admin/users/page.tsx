import { UsersAdmin } from "@/app/_features/users/components/users-admin";
import { sectionPage } from "@/app/_lib/section-page";

export default sectionPage({
  capability: "manage-users",
  title: "Users",
  intro: (
    <>
      Viewers read; operators also run rollouts, runtime actions and acknowledge alerts; admins manage users,
      clusters and credentials.
    </>
  ),
  body: <UsersAdmin />,
});

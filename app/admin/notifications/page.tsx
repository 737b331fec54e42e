import { ChannelsAdmin } from "@/app/_features/notifications/components/channels-admin";
import { PageSection } from "@/app/_components/ui/page-section";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function NotificationsPage() {
  await requirePageUser("manage-notifications");
  return (
    <PageSection
      title="Notification channels"
      intro={
        <>
          Alerts are sent to every enabled channel when they fire and when they resolve, retried with backoff.
          URLs, the HMAC secret and SMTP passwords are stored sealed and shown as &lt;kept&gt;; leave a field
          empty or as &lt;kept&gt; to keep it.
        </>
      }
    >
      <ChannelsAdmin />
    </PageSection>
  );
}

import { ChannelsAdmin } from "@/app/_features/notifications/components/channels-admin";
import { sectionPage } from "@/app/_lib/section-page";

export default sectionPage({
  capability: "manage-notifications",
  title: "Notification channels",
  intro: (
    <>
      Alerts are sent to every enabled channel when they fire and when they resolve, retried with backoff.
      URLs, the HMAC secret and SMTP passwords are stored sealed and shown as &lt;kept&gt;; leave a field
      empty or as &lt;kept&gt; to keep it.
    </>
  ),
  body: <ChannelsAdmin />,
});

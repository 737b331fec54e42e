import { ChannelsAdmin } from "@/app/_features/notifications/components/channels-admin";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function NotificationsPage() {
  await requirePageUser("manage-notifications");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Notification channels</h1>
      <p className="text-sm text-slate-600">
        Alerts are sent to every enabled channel when they fire and when they resolve, retried with backoff.
        URLs, the HMAC secret and SMTP passwords are stored sealed and shown as &lt;kept&gt;; leave a field
        empty or as &lt;kept&gt; to keep it.
      </p>
      <ChannelsAdmin />
    </section>
  );
}

import { AlertsView } from "@/app/_features/alerts/components/alerts-view";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function AlertsPage() {
  await requirePageUser("read");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
      <AlertsView />
    </section>
  );
}

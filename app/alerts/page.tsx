import { AlertsView } from "@/app/_features/alerts/components/alerts-view";
import { PageSection } from "@/app/_components/ui/page-section";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function AlertsPage() {
  await requirePageUser("read");
  return (
    <PageSection title="Alerts">
      <AlertsView />
    </PageSection>
  );
}

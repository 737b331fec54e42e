import { AlertsView } from "@/app/_features/alerts/components/alerts-view";
import { sectionPage } from "@/app/_lib/section-page";

export default sectionPage({ capability: "read", title: "Alerts", body: <AlertsView /> });

import { AuditLog } from "@/app/_features/audit/components/audit-log";
import { sectionPage } from "@/app/_lib/section-page";

export default sectionPage({ capability: "read-audit", title: "Audit log", body: <AuditLog /> });

import { AuditLog } from "@/app/_features/audit/components/audit-log";
import { PageSection } from "@/app/_components/ui/page-section";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function AuditPage() {
  await requirePageUser("read-audit");
  return (
    <PageSection title="Audit log">
      <AuditLog />
    </PageSection>
  );
}

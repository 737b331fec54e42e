import { AuditLog } from "@/app/_features/audit/components/audit-log";
import { requirePageUser } from "@/app/_lib/page-auth";

export default async function AuditPage() {
  await requirePageUser("read-audit");
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <AuditLog />
    </section>
  );
}

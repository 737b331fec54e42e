"use client";

import { Button } from "@/app/_components/ui/button";
import { ErrorNote } from "@/app/_components/ui/states";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { errorText } from "@/app/_lib/api-client";
import { useAcme, useOrderAcme } from "../hooks/use-acme";

/** The definition's ACME certificates, each with its newest job and a control to order it now. */
export function AcmePanel({ clusterId }: { clusterId: string }) {
  const { data, error } = useAcme(clusterId);
  const order = useOrderAcme(clusterId);
  if (error) return <ErrorNote what="ACME jobs unavailable" error={error} />;
  if (!data || data.certificates.length === 0) return null;
  return (
    <div className="space-y-1" data-testid="acme">
      <h3 className="text-sm font-medium">ACME (HTTP-01)</h3>
      <DataTable headers={["Certificate", "Domains", "Newest job", ""]}>
        {data.certificates.map((spec) => {
          const job = data.jobs.find((j) => j.certificate === spec.name);
          const active = job?.status === "pending" || job?.status === "running";
          return (
            <DataRow key={spec.name} testId={`acme-${spec.name}`}>
              <td className="px-3 py-2 font-medium">
                {spec.name}
                <div className="text-xs text-slate-500">{spec.path}</div>
              </td>
              <td className="px-3 py-2">{spec.domains.join(", ")}</td>
              <td className="px-3 py-2" data-testid={`acme-${spec.name}-job`}>
                {job
                  ? `#${job.id} ${job.reason} ${job.status}${job.error ? `: ${job.error}` : ""}${
                      active ? ` (${job.steps.find((s) => s.status === "running")?.kind ?? "queued"})` : ""
                    }`
                  : "none yet"}
              </td>
              <td className="px-3 py-2">
                <Button
                  type="button"
                  disabled={order.isPending || active}
                  onClick={() => order.mutate(spec.name)}
                >
                  Order now
                </Button>
              </td>
            </DataRow>
          );
        })}
      </DataTable>
      {order.error && <p className="text-sm text-red-700">{errorText(order.error)}</p>}
    </div>
  );
}

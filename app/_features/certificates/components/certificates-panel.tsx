"use client";

import { useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { ErrorNote, Note } from "@/app/_components/ui/states";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { errorText } from "@/app/_lib/api-client";
import type { CertificateView, ServedEntry } from "@/lib/certificates/types";
import { useAddCertificate, useCertificates } from "../hooks/use-certificates";
import { AcmePanel } from "./acme-panel";

const DAY_MS = 86_400_000;

/** One node's (or the VIP's) state: serves it, serves another one, or could not be read. */
function servedState(cert: CertificateView, entries: Record<string, ServedEntry> | undefined): string {
  if (!entries || Object.keys(entries).length === 0) return "not checked";
  const seen = Object.entries(entries);
  const other = seen.filter(([, e]) =>
    e.fingerprint !== undefined
      ? e.fingerprint !== cert.fingerprint
      : e.sha1 !== undefined && e.sha1 !== cert.sha1,
  );
  if (other.length > 0) return `different (${other.map(([via]) => via).join(", ")})`;
  const failed = seen.filter(([, e]) => e.error);
  if (failed.length === seen.length) return `unreadable: ${failed[0]?.[1].error ?? ""}`;
  return "serves it";
}

function UploadForm({ clusterId }: { clusterId: string }) {
  const add = useAddCertificate(clusterId);
  const [name, setName] = useState("");
  const [pem, setPem] = useState("");
  return (
    <form
      className="flex flex-col gap-2 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ name, pem }, { onSuccess: () => setPem("") });
      }}
    >
      <label className="flex gap-2">
        Name
        <input
          className="rounded border px-2"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="certificate-name"
        />
      </label>
      <textarea
        className="h-24 rounded border p-2 font-mono text-xs"
        placeholder="PEM bundle: certificate, chain, private key"
        value={pem}
        onChange={(e) => setPem(e.target.value)}
        data-testid="certificate-pem"
      />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={add.isPending || !name || !pem}>
          Upload and put on both nodes
        </Button>
        {add.error && <span className="text-red-700">{errorText(add.error)}</span>}
      </div>
    </form>
  );
}

export function CertificatesPanel({ clusterId, nodes }: { clusterId: string; nodes: string[] }) {
  const { data, error, isPending } = useCertificates(clusterId);
  if (isPending) return <Note>Loading certificates…</Note>;
  if (error) return <ErrorNote what="Certificates unavailable" error={error} />;
  const job = data.jobs[0];
  return (
    <div className="space-y-2" data-testid="certificates">
      {data.certificates.length === 0 ? (
        <Note>No certificates stored.</Note>
      ) : (
        <DataTable
          headers={[
            "Name",
            "Subject / SANs",
            "Issuer",
            "Not after",
            "Fingerprint",
            "Used by",
            ...nodes,
            "VIP",
          ]}
        >
          {data.certificates.map((cert) => (
            <DataRow key={cert.id} testId={`certificate-${cert.name}`}>
              <td className="px-3 py-2 font-medium">
                {cert.name}
                <div className="text-xs text-slate-500">{cert.path}</div>
              </td>
              <td className="px-3 py-2">
                {cert.subject}
                <div className="text-xs text-slate-500">{cert.sans.join(", ")}</div>
              </td>
              <td className="px-3 py-2">{cert.issuer}</td>
              <td className="px-3 py-2">
                {cert.notAfter.slice(0, 10)}
                <div className="text-xs text-slate-500">
                  {Math.floor((Date.parse(cert.notAfter) - Date.now()) / DAY_MS)} days
                </div>
              </td>
              <td className="px-3 py-2 font-mono text-xs" title={cert.fingerprint}>
                {cert.fingerprint.slice(0, 23)}…
              </td>
              <td className="px-3 py-2">{cert.usedBy.join(", ") || "—"}</td>
              {[...nodes, "vip"].map((where) => (
                <td key={where} className="px-3 py-2" data-testid={`certificate-${cert.name}-${where}`}>
                  {servedState(cert, cert.served[where])}
                </td>
              ))}
            </DataRow>
          ))}
        </DataTable>
      )}
      {job && (
        <p className="text-xs text-slate-600" data-testid="certificate-job">
          Last distribution: {job.name} {job.status}
          {job.error ? `: ${job.error}` : ""}
        </p>
      )}
      <UploadForm clusterId={clusterId} />
      <AcmePanel clusterId={clusterId} />
    </div>
  );
}

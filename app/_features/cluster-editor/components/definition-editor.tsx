"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { validateDefinition, type ClusterDefinitionInput, type FieldIssue } from "@/lib/cluster/definition";
import { renderCluster } from "@/lib/cluster/render";
import { ApiIssuesError } from "../hooks/api";
import { useSaveDefinition } from "../hooks/use-definition";
import { Field } from "./field";
import { getAt, setAt } from "./path-state";
import { RenderPreview } from "./render-preview";

type Server = { name: string; address: string; port: number };

/**
 * Create or edit form. Field errors come from the same validateDefinition the API and CLI use, as
 * you type; the server adds what only it knows (VRID collisions, concurrent edits) on save.
 */
export function DefinitionEditor({ initial, clusterId, baseRevision }: { initial: ClusterDefinitionInput; clusterId?: string; baseRevision?: number }) {
  const router = useRouter();
  const [draft, setDraft] = useState<ClusterDefinitionInput>(initial);
  const [message, setMessage] = useState("");
  const save = useSaveDefinition(clusterId);
  const result = useMemo(() => validateDefinition(draft), [draft]);
  const rendered = useMemo(() => (result.ok ? renderCluster(result.definition) : null), [result]);
  const serverIssues: FieldIssue[] = save.error instanceof ApiIssuesError ? save.error.issues : [];
  const issues = [...(result.ok ? [] : result.issues), ...serverIssues];
  const change = (path: string, value: unknown) => setDraft((d) => followVip(d, setAt(d, path, value === "" && path.endsWith("authPass") ? undefined : value)));
  const f = (label: string, path: string, extra: { type?: "number"; options?: readonly string[]; width?: string } = {}) => (
    <Field key={path} label={label} path={path} value={getAt(draft, path)} issues={issues} onChange={change} {...extra} />
  );
  const servers = (getAt(draft, "haproxy.backends.0.servers") as Server[] | undefined) ?? [];

  const submit = () =>
    save.mutate(
      { definition: draft, baseRevision, message },
      { onSuccess: (saved) => router.push(`/clusters/${saved.id}/history`) },
    );

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form className="space-y-5" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Section title="Cluster">
          {f("Name", "name", { width: "w-56" })}
        </Section>
        <Section title="VIP and VRRP">
          {f("VIP", "vips.0.address")}
          {f("Prefix", "vips.0.prefix", { type: "number", width: "w-20" })}
          {f("Interface", "vips.0.interface", { width: "w-24" })}
          {f("virtual_router_id", "vrrp.virtualRouterId", { type: "number", width: "w-24" })}
          {f("auth_pass (≤ 8)", "vrrp.authPass", { width: "w-28" })}
          {f("Mode", "vrrp.mode", { options: ["unicast", "multicast"], width: "w-32" })}
        </Section>
        {[0, 1].map((i) => (
          <Section key={i} title={`Node ${i + 1}`}>
            {f("Name", `nodes.${i}.name`, { width: "w-28" })}
            {f("Address", `nodes.${i}.address`, { width: "w-32" })}
            {f("SSH host", `nodes.${i}.ssh.host`, { width: "w-32" })}
            {f("Role", `nodes.${i}.role`, { options: ["MASTER", "BACKUP"], width: "w-28" })}
            {f("Priority", `nodes.${i}.priority`, { type: "number", width: "w-20" })}
            {f("router_id", `nodes.${i}.routerId`, { width: "w-24" })}
          </Section>
        ))}
        <Section title="Track scripts">
          {((getAt(draft, "vrrp.trackScripts") as unknown[] | undefined) ?? []).map((_, i) => (
            <div key={i} className="flex flex-wrap gap-2">
              {f("Name", `vrrp.trackScripts.${i}.name`, { width: "w-28" })}
              {f("Script", `vrrp.trackScripts.${i}.script`, { width: "w-64" })}
              {f("Weight", `vrrp.trackScripts.${i}.weight`, { type: "number", width: "w-20" })}
            </div>
          ))}
        </Section>
        <Section title={`Backend ${String(getAt(draft, "haproxy.backends.0.name") ?? "")} servers`}>
          {servers.map((_, i) => (
            <div key={i} className="flex flex-wrap gap-2" data-testid="server-row">
              {f("Server", `haproxy.backends.0.servers.${i}.name`, { width: "w-28" })}
              {f("Address", `haproxy.backends.0.servers.${i}.address`, { width: "w-32" })}
              {f("Port", `haproxy.backends.0.servers.${i}.port`, { type: "number", width: "w-20" })}
            </div>
          ))}
          <button type="button" className="self-end rounded border border-slate-300 px-2 py-1 text-xs" onClick={() => change("haproxy.backends.0.servers", [...servers, { name: `app-0${servers.length + 1}`, address: "", port: 8080 }])}>
            Add server
          </button>
        </Section>
        <Section title="Save">
          {f("Health check path", "haproxy.backends.0.healthCheck.path", { width: "w-32" })}
          <label className="flex flex-col gap-1 text-xs text-slate-600">
            Change note
            <input className="w-64 rounded border border-slate-300 px-2 py-1 text-sm" value={message} onChange={(e) => setMessage(e.target.value)} name="message" />
          </label>
          <button type="submit" disabled={!result.ok || save.isPending} className="self-end rounded bg-sky-700 px-4 py-1.5 text-sm font-medium text-white disabled:bg-slate-300">
            {save.isPending ? "Saving…" : clusterId ? "Save revision" : "Create cluster"}
          </button>
        </Section>
        <IssueList title="Problems" items={issues} tone="red" />
        <IssueList title="Warnings" items={result.warnings} tone="amber" />
      </form>
      <RenderPreview rendered={rendered} />
    </div>
  );
}

/** Binds on the VIP move with it: changing the VIP should not leave frontends on the old address. */
function followVip(before: ClusterDefinitionInput, after: ClusterDefinitionInput): ClusterDefinitionInput {
  const oldVip = before.vips[0]?.address;
  const newVip = after.vips[0]?.address;
  if (!oldVip || !newVip || oldVip === newVip || !after.haproxy?.frontends) return after;
  const frontends = after.haproxy.frontends.map((fe) => ({ ...fe, binds: fe.binds.map((b) => (b.address === oldVip ? { ...b, address: newVip } : b)) }));
  return { ...after, haproxy: { ...after.haproxy, frontends } };
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-3">
      <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
      <div className="flex flex-wrap gap-3">{children}</div>
    </fieldset>
  );
}

function IssueList({ title, items, tone }: { title: string; items: FieldIssue[]; tone: "red" | "amber" }) {
  if (items.length === 0) return null;
  return (
    <div className={`rounded border p-3 text-xs ${tone === "red" ? "border-red-200 bg-red-50 text-red-800" : "border-amber-200 bg-amber-50 text-amber-900"}`} data-testid={`${tone === "red" ? "problems" : "warnings"}`}>
      <p className="mb-1 font-semibold">{title}</p>
      <ul className="space-y-0.5 font-mono">
        {items.map((item) => (
          <li key={`${item.path}:${item.message}`}>
            {item.path}: {item.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

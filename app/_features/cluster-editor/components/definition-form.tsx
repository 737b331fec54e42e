"use client";

import type { FieldIssue } from "@/lib/cluster/definition";
import { Field } from "./field";
import { Section } from "./issue-list";
import { getAt, listAt } from "./path-state";
import type { Draft } from "./yaml-draft";

/**
 * The form view of a draft: the fields most edits touch. Everything else (frontends, global and
 * defaults, raw lines, more backends) is edited in the YAML tab. Tolerates any draft shape the
 * YAML tab may produce: a field whose value is missing or of the wrong kind shows empty.
 */
export function DefinitionForm({
  draft,
  issues,
  onChange,
}: {
  draft: Draft;
  issues: FieldIssue[];
  onChange: (path: string, value: unknown) => void;
}) {
  const f = (
    label: string,
    path: string,
    extra: { type?: "number"; options?: readonly string[]; width?: string } = {},
  ) => (
    <Field
      key={path}
      label={label}
      path={path}
      value={getAt(draft, path)}
      issues={issues}
      onChange={onChange}
      {...extra}
    />
  );
  const servers = listAt(draft, "haproxy.backends.0.servers");
  return (
    <div className="space-y-5">
      <Section title="Cluster">{f("Name", "name", { width: "w-56" })}</Section>
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
        {listAt(draft, "vrrp.trackScripts").map((_, i) => (
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
        <button
          type="button"
          className="self-end rounded border border-slate-300 px-2 py-1 text-xs"
          onClick={() =>
            onChange("haproxy.backends.0.servers", [
              ...servers,
              { name: `app-0${servers.length + 1}`, address: "", port: 8080 },
            ])
          }
        >
          Add server
        </button>
        {f("Health check path", "haproxy.backends.0.healthCheck.path", { width: "w-32" })}
      </Section>
    </div>
  );
}

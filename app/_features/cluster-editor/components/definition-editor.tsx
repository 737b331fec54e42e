"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { validateDefinition, type FieldIssue } from "@/lib/cluster/definition";
import { renderCluster } from "@/lib/cluster/render";
import { yamlLines } from "@/lib/cluster/yaml";
import { ApiIssuesError } from "@/app/_lib/api-client";
import { SubmitButton } from "@/app/_components/ui/form";
import { useSaveDefinition } from "../hooks/use-definition";
import { DefinitionForm } from "./definition-form";
import { IssueList, Section } from "./issue-list";
import { getAt, setAt } from "./path-state";
import { RenderPreview } from "./render-preview";
import { VridHint } from "./vrid-hint";
import { editYaml, openYaml, type Draft, type YamlState } from "./yaml-draft";
import { YamlTab } from "./yaml-tab";

type Tab = "form" | "yaml";

/**
 * Create or edit a definition in a form or, for everything, as YAML. Field errors come from the
 * same validateDefinition the API and CLI use, as you type; the server adds what only it knows
 * (VRID collisions, name taken, concurrent edits) on save. Nothing is stored until Save.
 */
export function DefinitionEditor({
  initial,
  clusterId,
  baseRevision,
}: {
  initial: Draft;
  clusterId?: string;
  baseRevision?: number;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(initial);
  const [tab, setTab] = useState<Tab>("form");
  const [yaml, setYaml] = useState<YamlState | null>(null);
  const [message, setMessage] = useState("");
  const save = useSaveDefinition(clusterId);
  const result = useMemo(() => validateDefinition(draft), [draft]);
  const rendered = useMemo(() => (result.ok ? renderCluster(result.definition) : null), [result]);
  const yamlIssues = tab === "yaml" ? (yaml?.issues ?? []) : [];
  const serverIssues: FieldIssue[] = save.error instanceof ApiIssuesError ? save.error.issues : [];
  const issues = yamlIssues.length > 0 ? yamlIssues : [...(result.ok ? [] : result.issues), ...serverIssues];
  const yamlText = tab === "yaml" ? yaml?.text : undefined;
  const issuePaths = issues.map((i) => i.path).join("\n");
  const lines = useMemo(
    () => (yamlText === undefined ? undefined : yamlLines(yamlText, issuePaths.split("\n"))),
    [yamlText, issuePaths],
  );

  const adopt = (next: Draft) => {
    save.reset();
    setDraft(next);
  };
  const change = (path: string, value: unknown) =>
    adopt(
      followVip(draft, setAt(draft, path, value === "" && path.endsWith("authPass") ? undefined : value)),
    );
  const typeYaml = (text: string) => {
    const next = editYaml(yaml ?? openYaml(null, draft), text);
    setYaml(next);
    if (next.draft !== draft) adopt(next.draft);
  };
  const switchTo = (next: Tab) => {
    if (next === "yaml") setYaml(openYaml(yaml, draft));
    setTab(next);
  };
  const submit = () =>
    save.mutate(
      { definition: draft, baseRevision, message },
      { onSuccess: (saved) => router.push(`/clusters/${saved.id}/history`) },
    );

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div role="tablist" className="flex gap-1">
          {(["form", "yaml"] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              // A YAML text that cannot be read yet would be lost by leaving its tab.
              disabled={t === "form" && yamlIssues.length > 0}
              title={
                t === "form" && yamlIssues.length > 0 ? "Fix the YAML first: it does not parse" : undefined
              }
              onClick={() => switchTo(t)}
              className={`rounded px-3 py-1 text-sm ${tab === t ? "bg-slate-800 text-white" : "border border-slate-300 text-slate-700 hover:bg-slate-100"} disabled:opacity-50`}
            >
              {t === "form" ? "Form" : "YAML"}
            </button>
          ))}
        </div>
        {tab === "form" ? (
          <>
            <VridHint
              clusterId={clusterId}
              current={getAt(draft, "vrrp.virtualRouterId")}
              onUse={(vrid) => change("vrrp.virtualRouterId", vrid)}
            />
            <DefinitionForm draft={draft} issues={issues} onChange={change} />
          </>
        ) : (
          <YamlTab text={yaml?.text ?? ""} onChange={typeYaml} invalid={yamlIssues.length > 0} />
        )}
        <Section title="Save">
          <label className="flex flex-col gap-1 text-xs text-slate-600">
            Change note
            <input
              className="w-64 rounded border border-slate-300 px-2 py-1 text-sm"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              name="message"
            />
          </label>
          <SubmitButton
            look="save"
            className="self-end"
            disabled={!result.ok || yamlIssues.length > 0}
            pending={save.isPending}
            pendingText="Saving…"
          >
            {clusterId ? "Save revision" : "Create cluster"}
          </SubmitButton>
        </Section>
        <IssueList title="Problems" items={issues} tone="red" lines={lines} />
        <IssueList title="Warnings" items={result.warnings} tone="amber" />
      </form>
      <RenderPreview rendered={yamlIssues.length > 0 ? null : rendered} />
    </div>
  );
}

/** Binds on the VIP move with it: changing the VIP should not leave frontends on the old address. */
function followVip(before: Draft, after: Draft): Draft {
  const oldVip = getAt(before, "vips.0.address");
  const newVip = getAt(after, "vips.0.address");
  const frontends = getAt(after, "haproxy.frontends");
  if (
    typeof oldVip !== "string" ||
    typeof newVip !== "string" ||
    oldVip === newVip ||
    !Array.isArray(frontends)
  )
    return after;
  const moved = frontends.map((fe: unknown) => {
    const binds = getAt(fe, "binds");
    if (!Array.isArray(binds)) return fe;
    return setAt(
      fe,
      "binds",
      binds.map((b: unknown) => (getAt(b, "address") === oldVip ? setAt(b, "address", newVip) : b)),
    );
  });
  return setAt(after, "haproxy.frontends", moved);
}

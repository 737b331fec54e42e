"use client";

import type { FieldIssue } from "@/lib/cluster/definition";
import { SubmitButton } from "@/app/_components/ui/form";
import { Field } from "@/app/_features/cluster-editor/components/field";
import { IssueList, Section } from "@/app/_features/cluster-editor/components/issue-list";
import { FileField } from "./file-field";
import { addressPath, fieldPaths, type ImportFiles, type NodeFile } from "./import-files";

/** One haproxy.cfg and both nodes' keepalived.conf, pasted or uploaded, plus the cluster's name. */
export function ImportFilesForm(props: {
  files: ImportFiles;
  issues: FieldIssue[];
  pending: boolean;
  onChange: (files: ImportFiles) => void;
  onSubmit: () => void;
}) {
  const { files, issues, pending, onChange, onSubmit } = props;
  const setNode = (i: 0 | 1, patch: Partial<NodeFile>) => {
    const nodes: ImportFiles["nodes"] = [...files.nodes];
    nodes[i] = { ...nodes[i], ...patch };
    onChange({ ...files, nodes });
  };
  const shown = fieldPaths(files);
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Section title="Cluster">
        <Field
          label="Cluster name"
          path="name"
          value={files.name}
          issues={issues}
          onChange={(_, v) => onChange({ ...files, name: String(v) })}
          width="w-56"
        />
      </Section>
      <Section title="haproxy.cfg (the same on both nodes)">
        <div className="w-full">
          <FileField
            label="haproxy.cfg"
            path="haproxyCfg"
            value={files.haproxyCfg}
            issues={issues}
            onChange={(text) => onChange({ ...files, haproxyCfg: text })}
          />
        </div>
      </Section>
      <div className="grid gap-5 lg:grid-cols-2">
        {([0, 1] as const).map((i) => (
          <Section key={i} title={`Node ${i + 1}`}>
            <Field
              label="Node name"
              path={`keepalived.${i}.node`}
              value={files.nodes[i].node}
              issues={issues}
              onChange={(_, v) => setNode(i, { node: String(v) })}
              width="w-28"
            />
            <Field
              label="Address on the VRRP segment"
              path={addressPath(files, i)}
              value={files.nodes[i].address}
              issues={issues}
              onChange={(_, v) => setNode(i, { address: String(v) })}
              width="w-36"
            />
            <div className="w-full">
              <FileField
                label={`keepalived.conf of node ${i + 1}`}
                path={`keepalived.${i}.text`}
                value={files.nodes[i].text}
                issues={issues}
                onChange={(text) => setNode(i, { text })}
              />
            </div>
          </Section>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        The address is needed when the files use multicast (no{" "}
        <code className="font-mono">unicast_src_ip</code>). Nothing is stored until you review the result and
        create the cluster.
      </p>
      <SubmitButton look="save" pending={pending} pendingText="Importing…">
        Import
      </SubmitButton>
      <IssueList title="Problems" items={issues.filter((issue) => !shown.has(issue.path))} tone="red" />
    </form>
  );
}

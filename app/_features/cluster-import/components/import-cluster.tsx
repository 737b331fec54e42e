"use client";

import { useState } from "react";
import { DefinitionEditor } from "@/app/_features/cluster-editor/components/definition-editor";
import { IssueList } from "@/app/_features/cluster-editor/components/issue-list";
import { ApiIssuesError } from "@/app/_lib/api-client";
import { useImport, type ImportResult } from "../hooks/use-import";
import { ImportFilesForm } from "./import-files-form";
import { EMPTY_IMPORT, toImportRequest, type ImportFiles } from "./import-files";

/**
 * Adopting a running pair in the browser: files in, then the draft in the cluster editor to review
 * (preview of the rendered files, fixes in the form or as YAML) and create. Nothing is stored before.
 */
export function ImportCluster() {
  const [files, setFiles] = useState<ImportFiles>(EMPTY_IMPORT);
  const [review, setReview] = useState<{ result: ImportResult; key: number } | null>(null);
  const importer = useImport();
  const issues = importer.error instanceof ApiIssuesError ? importer.error.issues : [];
  const submit = () =>
    importer.mutate(toImportRequest(files), {
      onSuccess: (result) => setReview({ result, key: Date.now() }),
    });

  if (!review) {
    return (
      <>
        <ImportFilesForm
          files={files}
          issues={issues}
          pending={importer.isPending}
          onChange={setFiles}
          onSubmit={submit}
        />
        {importer.error && !(importer.error instanceof ApiIssuesError) && (
          <p className="text-sm text-red-700">{importer.error.message}</p>
        )}
      </>
    );
  }
  const { result } = review;
  return (
    <div className="space-y-4">
      <div
        className="flex flex-wrap items-center justify-between gap-2 rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900"
        data-testid="import-summary"
      >
        <span>
          Imported <strong>{files.name}</strong> from haproxy.cfg, {files.nodes[0].node} and{" "}
          {files.nodes[1].node}. Nothing is stored yet: review the definition and the rendered files, fix what
          is listed, then create the cluster.
        </span>
        <button
          type="button"
          className="rounded border border-sky-300 bg-white px-2 py-1 text-xs"
          onClick={() => setReview(null)}
        >
          Back to the files (drops edits below)
        </button>
      </div>
      <IssueList
        title="Import warnings (what could not be mapped, drift between the nodes, the design's gotchas)"
        items={result.warnings}
        tone="amber"
        testId="import-warnings"
      />
      <IssueList title="To fix before saving" items={result.issues} tone="red" testId="import-problems" />
      <DefinitionEditor key={review.key} initial={result.definition} />
    </div>
  );
}

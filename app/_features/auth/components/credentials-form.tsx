"use client";

import { useState, type FormEvent, type InputHTMLAttributes } from "react";
import { apiSend, issuesOf } from "@/app/_lib/api-client";
import { safeNextPath } from "@/lib/auth/safe-next";
import type { FieldIssue } from "@/lib/cluster/definition";

/** A full-width input under its label, its problem (from the server's answer) under it. */
function CredentialInput({
  label,
  issue,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; issue: string | undefined }) {
  return (
    <label className="block text-sm">
      <span className="text-slate-700">{label}</span>
      <input required className="mt-1 w-full rounded border border-slate-300 px-3 py-2" {...props} />
      {issue && <span className="mt-1 block text-xs text-red-700">{issue}</span>}
    </label>
  );
}

/**
 * Username + password form posting JSON to `endpoint` (sign-in or first-run setup); on success it
 * goes to `next` (a local path only, never another site).
 */
export function CredentialsForm({
  endpoint,
  submitLabel,
  next,
  newPassword,
}: {
  endpoint: string;
  submitLabel: string;
  next: string;
  newPassword?: boolean;
}) {
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const target = safeNextPath(next);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      await apiSend<unknown>(endpoint, "POST", {
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      // A full load: every server component (the layout's user menu included) renders for the new session.
      window.location.assign(target);
    } catch (error) {
      setIssues(issuesOf(error));
    } finally {
      setBusy(false);
    }
  }

  const issueFor = (path: string) => issues.find((issue) => issue.path === path)?.message;
  const general = issues.filter((issue) => issue.path !== "username" && issue.path !== "password");
  return (
    <form
      onSubmit={submit}
      className="max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      <CredentialInput
        label="Username"
        name="username"
        autoComplete="username"
        issue={issueFor("username")}
      />
      <CredentialInput
        label="Password"
        name="password"
        type="password"
        autoComplete={newPassword ? "new-password" : "current-password"}
        issue={issueFor("password")}
      />
      {general.map((issue) => (
        <p key={issue.path + issue.message} role="alert" className="text-sm text-red-700">
          {issue.message}
        </p>
      ))}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
      >
        {submitLabel}
      </button>
    </form>
  );
}

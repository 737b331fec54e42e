"use client";

import { useState, type FormEvent } from "react";
import { errorText } from "@/app/_lib/api-client";
import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { can, ROLES, isRole } from "@/lib/auth/roles";
import { useApiTokenMutations, useApiTokens } from "../hooks/use-api-tokens";

const input = "mt-1 rounded border border-slate-300 px-2 py-1";

function NewTokenForm() {
  const { create } = useApiTokenMutations();
  const me = useCurrentUser();
  const [shown, setShown] = useState<string | null>(null);
  const roles = ROLES.filter((r) => me && ROLES.indexOf(r) <= ROLES.indexOf(me.role));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const role = String(data.get("role") ?? "");
    const serviceAccount = String(data.get("serviceAccount") ?? "").trim();
    if (!isRole(role)) return;
    create.mutate(
      {
        name: String(data.get("name") ?? ""),
        role,
        expiresInDays: Number(data.get("expiresInDays")),
        ...(serviceAccount ? { serviceAccount } : {}),
      },
      {
        onSuccess: (token) => {
          setShown(token.text);
          form.reset();
        },
      },
    );
  }
  return (
    <div className="space-y-2">
      <form
        onSubmit={submit}
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
      >
        <label className="flex flex-col">
          Name
          <input name="name" required maxLength={64} className={input} />
        </label>
        <label className="flex flex-col">
          Role
          <select name="role" defaultValue="viewer" className={input}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Expires in (days)
          <input name="expiresInDays" type="number" min={1} max={366} defaultValue={90} className={input} />
        </label>
        {me && can(me.role, "manage-users") && (
          <label className="flex flex-col">
            Service account (optional)
            <input name="serviceAccount" placeholder="ci-deploy" className={input} />
          </label>
        )}
        <button
          type="submit"
          className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800"
        >
          Create token
        </button>
        {create.error && (
          <p role="alert" className="w-full text-red-700">
            {errorText(create.error)}
          </p>
        )}
      </form>
      {shown && (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="font-medium">Copy this token now: it is not shown again.</p>
          <code data-testid="new-token" className="mt-2 block break-all font-mono">
            {shown}
          </code>
          <button type="button" className="mt-2 text-sky-700 hover:underline" onClick={() => setShown(null)}>
            Done
          </button>
        </div>
      )}
    </div>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function ApiTokensSettings() {
  const { data, error, isPending } = useApiTokens();
  const { revoke } = useApiTokenMutations();
  if (isPending) return <p className="text-sm text-slate-500">Loading tokens…</p>;
  if (error) return <p className="text-sm text-red-700">Could not load tokens: {error.message}</p>;
  return (
    <div className="space-y-4">
      <NewTokenForm />
      {revoke.error && (
        <p role="alert" className="text-sm text-red-700">
          {errorText(revoke.error)}
        </p>
      )}
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th className="px-4 py-2">Name</th>
            <th className="px-4 py-2">Owner</th>
            <th className="px-4 py-2">Role</th>
            <th className="px-4 py-2">State</th>
            <th className="px-4 py-2">Expires</th>
            <th className="px-4 py-2">Last used</th>
            <th className="px-4 py-2" />
          </tr>
        </thead>
        <tbody>
          {data.map((token) => (
            <tr key={token.id} className="border-t border-slate-100" data-testid="token-row">
              <td className="px-4 py-2 font-medium">{token.name}</td>
              <td className="px-4 py-2">
                {token.owner}
                {token.serviceAccount && <span className="ml-1 text-xs text-slate-500">(service)</span>}
              </td>
              <td className="px-4 py-2">{token.role}</td>
              <td className="px-4 py-2">{token.state}</td>
              <td className="px-4 py-2 text-slate-500">{when(token.expiresAt)}</td>
              <td className="px-4 py-2 text-slate-500">{when(token.lastUsedAt)}</td>
              <td className="px-4 py-2 text-right">
                {token.state === "active" && (
                  <button
                    type="button"
                    className="text-red-700 hover:underline"
                    onClick={() => window.confirm(`Revoke ${token.name}?`) && revoke.mutate(token.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

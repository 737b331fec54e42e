"use client";

import { useState, type FormEvent } from "react";
import { errorText } from "@/app/_features/cluster-editor/hooks/api";
import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { ROLES, isRole } from "@/lib/auth/roles";
import { useUserMutations, useUsers } from "../hooks/use-users";

function NewUserForm() {
  const { create } = useUserMutations();
  const [role, setRole] = useState<string>("viewer");
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (!isRole(role)) return;
    create.mutate(
      { username: String(data.get("username") ?? ""), password: String(data.get("password") ?? ""), role },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
    >
      <label className="flex flex-col">
        Username
        <input name="username" required className="mt-1 rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex flex-col">
        Password
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          className="mt-1 rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <label className="flex flex-col">
        Role
        <select
          value={role}
          onChange={(e) => setRole(e.target.value)}
          className="mt-1 rounded border border-slate-300 px-2 py-1"
        >
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800"
      >
        Add user
      </button>
      {create.error && (
        <p role="alert" className="w-full text-red-700">
          {errorText(create.error)}
        </p>
      )}
    </form>
  );
}

export function UsersAdmin() {
  const { data, error, isPending } = useUsers();
  const { change, remove } = useUserMutations();
  const me = useCurrentUser();
  if (isPending) return <p className="text-sm text-slate-500">Loading users…</p>;
  if (error) return <p className="text-sm text-red-700">Could not load users: {error.message}</p>;
  const failure = change.error ?? remove.error;
  return (
    <div className="space-y-4">
      <NewUserForm />
      {failure && (
        <p role="alert" className="text-sm text-red-700">
          {errorText(failure)}
        </p>
      )}
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
        <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th className="px-4 py-2">User</th>
            <th className="px-4 py-2">Role</th>
            <th className="px-4 py-2">State</th>
            <th className="px-4 py-2">Created</th>
            <th className="px-4 py-2" />
          </tr>
        </thead>
        <tbody>
          {data.map((user) => (
            <tr key={user.id} className="border-t border-slate-100" data-testid="user-row">
              <td className="px-4 py-2 font-medium">{user.username}</td>
              <td className="px-4 py-2">
                <select
                  aria-label={`role of ${user.username}`}
                  value={user.role}
                  onChange={(e) =>
                    isRole(e.target.value) && change.mutate({ id: user.id, change: { role: e.target.value } })
                  }
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td className="px-4 py-2">{user.disabled ? "disabled" : "active"}</td>
              <td className="px-4 py-2 text-slate-500">{new Date(user.createdAt).toLocaleString()}</td>
              <td className="space-x-3 px-4 py-2 text-right">
                <button
                  type="button"
                  className="text-sky-700 hover:underline"
                  onClick={() => change.mutate({ id: user.id, change: { disabled: !user.disabled } })}
                >
                  {user.disabled ? "Enable" : "Disable"}
                </button>
                <button
                  type="button"
                  className="text-sky-700 hover:underline"
                  onClick={() => {
                    const password = window.prompt(
                      `New password for ${user.username} (at least 10 characters)`,
                    );
                    if (password) change.mutate({ id: user.id, change: { password } });
                  }}
                >
                  Set password
                </button>
                {user.username !== me?.username && (
                  <button
                    type="button"
                    className="text-red-700 hover:underline"
                    onClick={() => window.confirm(`Delete ${user.username}?`) && remove.mutate(user.id)}
                  >
                    Delete
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

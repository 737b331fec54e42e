"use client";

import { useState, type FormEvent } from "react";
import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { ROLES, isRole } from "@/lib/auth/roles";
import { Button } from "@/app/_components/ui/button";
import { ErrorNote, Note } from "@/app/_components/ui/states";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { useUserMutations, useUsers } from "../hooks/use-users";

// An ApiIssuesError's message lists its field issues.
const errorText = (error: unknown) => (error instanceof Error ? error.message : "");

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
      <Button type="submit">Add user</Button>
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
  if (isPending) return <Note>Loading users…</Note>;
  if (error) return <ErrorNote what="Could not load users" error={error} />;
  const failure = change.error ?? remove.error;
  return (
    <div className="space-y-4">
      <NewUserForm />
      {failure && (
        <p role="alert" className="text-sm text-red-700">
          {errorText(failure)}
        </p>
      )}
      <DataTable headers={["User", "Role", "State", "Created", null]} pad="px-4 py-2">
        {data.map((user) => (
          <DataRow key={user.id} testId="user-row">
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
              <Button
                look="link"
                onClick={() => change.mutate({ id: user.id, change: { disabled: !user.disabled } })}
              >
                {user.disabled ? "Enable" : "Disable"}
              </Button>
              <Button
                look="link"
                onClick={() => {
                  const password = window.prompt(
                    `New password for ${user.username} (at least 10 characters)`,
                  );
                  if (password) change.mutate({ id: user.id, change: { password } });
                }}
              >
                Set password
              </Button>
              {user.username !== me?.username && (
                <Button
                  look="danger"
                  onClick={() => window.confirm(`Delete ${user.username}?`) && remove.mutate(user.id)}
                >
                  Delete
                </Button>
              )}
            </td>
          </DataRow>
        ))}
      </DataTable>
    </div>
  );
}

"use client";

import { useState, type FormEvent } from "react";
import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { ROLES, isRole } from "@/lib/auth/roles";
import { Button, ConfirmButton } from "@/app/_components/ui/button";
import {
  FormAlert,
  FormCard,
  LabelledInput,
  LabelledSelect,
  Options,
  SubmitButton,
} from "@/app/_components/ui/form";
import { ManagedList } from "@/app/_components/ui/managed-list";
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
    <FormCard onSubmit={submit}>
      <LabelledInput label="Username" name="username" required />
      <LabelledInput label="Password" name="password" type="password" autoComplete="new-password" required />
      <LabelledSelect label="Role" value={role} onChange={(e) => setRole(e.target.value)} options={ROLES} />
      <SubmitButton>Add user</SubmitButton>
      <FormAlert error={create.error} />
    </FormCard>
  );
}

export function UsersAdmin() {
  const users = useUsers();
  const { change, remove } = useUserMutations();
  const me = useCurrentUser();
  return (
    <ManagedList
      query={users}
      what="users"
      form={<NewUserForm />}
      error={change.error ?? remove.error}
      headers={["User", "Role", "State", "Created", null]}
      rowTestId="user-row"
      row={(user) => (
        <>
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
              <Options values={ROLES} />
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
                const password = window.prompt(`New password for ${user.username} (at least 10 characters)`);
                if (password) change.mutate({ id: user.id, change: { password } });
              }}
            >
              Set password
            </Button>
            {user.username !== me?.username && (
              <ConfirmButton question={`Delete ${user.username}?`} onConfirm={() => remove.mutate(user.id)}>
                Delete
              </ConfirmButton>
            )}
          </td>
        </>
      )}
    />
  );
}

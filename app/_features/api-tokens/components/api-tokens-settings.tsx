"use client";

import { useState, type FormEvent } from "react";
import { useCurrentUser } from "@/app/_features/auth/hooks/use-current-user";
import { can, ROLES, isRole } from "@/lib/auth/roles";
import { Button, ConfirmButton } from "@/app/_components/ui/button";
import { ManagedList } from "@/app/_components/ui/managed-list";
import { FormAlert, FormCard, LabelledInput, LabelledSelect, SubmitButton } from "@/app/_components/ui/form";
import { useApiTokenMutations, useApiTokens } from "../hooks/use-api-tokens";

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
      <FormCard onSubmit={submit}>
        <LabelledInput label="Name" name="name" required maxLength={64} />
        <LabelledSelect label="Role" name="role" defaultValue="viewer" options={roles} />
        <LabelledInput
          label="Expires in (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={366}
          defaultValue={90}
        />
        {me && can(me.role, "manage-users") && (
          <LabelledInput label="Service account (optional)" name="serviceAccount" placeholder="ci-deploy" />
        )}
        <SubmitButton>Create token</SubmitButton>
        <FormAlert error={create.error} />
      </FormCard>
      {shown && (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="font-medium">Copy this token now: it is not shown again.</p>
          <code data-testid="new-token" className="mt-2 block break-all font-mono">
            {shown}
          </code>
          <Button look="link" className="mt-2" onClick={() => setShown(null)}>
            Done
          </Button>
        </div>
      )}
    </div>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export function ApiTokensSettings() {
  const tokens = useApiTokens();
  const { revoke } = useApiTokenMutations();
  return (
    <ManagedList
      query={tokens}
      what="tokens"
      form={<NewTokenForm />}
      error={revoke.error}
      headers={["Name", "Owner", "Role", "State", "Expires", "Last used", null]}
      rowTestId="token-row"
      row={(token) => (
        <>
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
              <ConfirmButton question={`Revoke ${token.name}?`} onConfirm={() => revoke.mutate(token.id)}>
                Revoke
              </ConfirmButton>
            )}
          </td>
        </>
      )}
    />
  );
}

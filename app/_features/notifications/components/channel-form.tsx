"use client";

import { useState, type FormEvent } from "react";
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import { channelInputSchema, type ChannelInput, type ChannelKind } from "@/lib/notify/schemas";
import type { ChannelView } from "@/lib/store/notification-channels";
import { useChannelMutations } from "../hooks/use-channels";
import { Checkbox, FormAlert, LabelledInput, LabelledSelect, SubmitButton } from "@/app/_components/ui/form";

type Draft = Record<string, string>;

const FIELDS: Record<ChannelKind, { name: string; label: string; secret?: boolean; placeholder?: string }[]> =
  {
    webhook: [
      { name: "url", label: "URL", secret: true, placeholder: "https://hooks.example.com/hapair" },
      { name: "hmacSecret", label: "HMAC secret (optional)", secret: true },
    ],
    slack: [
      {
        name: "url",
        label: "Incoming webhook URL",
        secret: true,
        placeholder: "https://hooks.slack.com/services/…",
      },
    ],
    email: [
      { name: "host", label: "SMTP host" },
      { name: "port", label: "Port", placeholder: "587" },
      { name: "username", label: "User (optional)" },
      { name: "password", label: "Password", secret: true },
      { name: "from", label: "From" },
      { name: "to", label: "To (comma-separated)" },
    ],
  };

function draftOf(channel: ChannelView | undefined): Draft {
  if (!channel) return {};
  return Object.fromEntries(
    Object.entries(channel).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join(", ") : String(value),
    ]),
  );
}

/** The form's strings as the shared schema's shape; the schema then gives field-level errors. */
function inputOf(kind: ChannelKind, name: string, enabled: boolean, draft: Draft, secure: boolean): unknown {
  const present = (key: string) => (draft[key] ?? "").trim() || undefined;
  if (kind === "email") {
    return {
      kind,
      name,
      enabled,
      host: present("host") ?? "",
      port: Number(present("port") ?? 587),
      secure,
      username: present("username"),
      password: present("password"),
      from: present("from") ?? "",
      to: (draft.to ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }
  return {
    kind,
    name,
    enabled,
    url: present("url") ?? "",
    ...(kind === "webhook" && present("hmacSecret") ? { hmacSecret: present("hmacSecret") } : {}),
  };
}

export function ChannelForm({ channel, onDone }: { channel?: ChannelView; onDone?: () => void }) {
  const { save } = useChannelMutations();
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "webhook");
  const [name, setName] = useState(channel?.name ?? "");
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [secure, setSecure] = useState(channel?.kind === "email" ? channel.secure : false);
  const [draft, setDraft] = useState<Draft>(draftOf(channel));
  const [issues, setIssues] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = channelInputSchema.safeParse(inputOf(kind, name, enabled, draft, secure));
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => `${i.path.join(".") || "(form)"}: ${i.message}`));
      return;
    }
    setIssues([]);
    save.mutate(
      { id: channel?.id, input: parsed.data satisfies ChannelInput },
      { onSuccess: () => (channel ? onDone?.() : (setName(""), setDraft({}))) },
    );
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm"
      aria-label={channel ? `edit ${channel.name}` : "new channel"}
    >
      <div className="flex flex-wrap items-end gap-3">
        <LabelledSelect
          label="Kind"
          value={kind}
          disabled={channel !== undefined}
          onChange={(e) => setKind(e.target.value as ChannelKind)}
        >
          <option value="webhook">webhook (JSON)</option>
          <option value="slack">Slack incoming webhook</option>
          <option value="email">email (SMTP)</option>
        </LabelledSelect>
        <LabelledInput label="Name" value={name} onChange={(e) => setName(e.target.value)} />
        <Checkbox checked={enabled} onChange={setEnabled}>
          enabled
        </Checkbox>
        {kind === "email" && (
          <Checkbox checked={secure} onChange={setSecure}>
            TLS from the start (465)
          </Checkbox>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS[kind].map((field) => (
          <LabelledInput
            key={field.name}
            label={field.label}
            type={field.secret ? "password" : "text"}
            autoComplete="off"
            value={draft[field.name] ?? ""}
            placeholder={field.secret && channel ? KEPT_SECRET : field.placeholder}
            onChange={(e) => setDraft({ ...draft, [field.name]: e.target.value })}
            className="font-mono"
          />
        ))}
      </div>
      <SubmitButton>{channel ? "Save channel" : "Add channel"}</SubmitButton>
      {[...issues, ...(save.error ? [save.error.message] : [])].map((issue) => (
        <FormAlert key={issue}>{issue}</FormAlert>
      ))}
    </form>
  );
}

"use client";

import { useState } from "react";
import type { ChannelView } from "@/lib/store/notification-channels";
import { useChannelMutations, useChannels, useDeliveries } from "../hooks/use-channels";
import { ChannelForm } from "./channel-form";

function ChannelRow({ channel }: { channel: ChannelView }) {
  const { remove, test } = useChannelMutations();
  const [editing, setEditing] = useState(false);
  return (
    <li
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm"
      data-testid="channel"
    >
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium">{channel.name}</span>
        <span className="text-slate-500">{channel.kind}</span>
        {!channel.enabled && <span className="rounded bg-slate-200 px-2 text-xs">disabled</span>}
        <span className="ml-auto flex gap-3">
          <button type="button" onClick={() => test.mutate(channel.id)} className="text-sky-700 underline">
            Send test
          </button>
          <button type="button" onClick={() => setEditing(!editing)} className="text-sky-700 underline">
            {editing ? "Close" : "Edit"}
          </button>
          <button type="button" onClick={() => remove.mutate(channel.id)} className="text-red-700 underline">
            Delete
          </button>
        </span>
      </div>
      {test.data && (
        <p role="status" className={test.data.ok ? "text-emerald-700" : "text-red-700"}>
          Test {test.data.ok ? "sent" : "failed"}: {test.data.response ?? test.data.error}
        </p>
      )}
      {editing && <ChannelForm channel={channel} onDone={() => setEditing(false)} />}
    </li>
  );
}

function DeliveryLog() {
  const { data } = useDeliveries();
  return (
    <table
      className="w-full rounded-lg border border-slate-200 bg-white text-sm shadow-sm"
      data-testid="delivery-log"
    >
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-600">
        <tr>
          <th className="px-3 py-2">When</th>
          <th className="px-3 py-2">Channel</th>
          <th className="px-3 py-2">Alert</th>
          <th className="px-3 py-2">Event</th>
          <th className="px-3 py-2">Attempt</th>
          <th className="px-3 py-2">Result</th>
        </tr>
      </thead>
      <tbody>
        {(data ?? []).map((d) => (
          <tr key={d.id} className="border-t border-slate-100">
            <td className="px-3 py-1">{new Date(d.at).toLocaleString()}</td>
            <td className="px-3 py-1">{d.channel}</td>
            <td className="px-3 py-1">{d.incidentId ?? "—"}</td>
            <td className="px-3 py-1">{d.event}</td>
            <td className="px-3 py-1">{d.attempt}</td>
            <td className={`px-3 py-1 ${d.status === "ok" ? "text-emerald-700" : "text-red-700"}`}>
              {d.status} {d.response ?? d.error} ({d.durationMs} ms)
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ChannelsAdmin() {
  const { data, error, isPending } = useChannels();
  if (isPending) return <p className="text-sm text-slate-500">Loading channels…</p>;
  if (error) return <p className="text-sm text-red-700">Could not load channels: {error.message}</p>;
  return (
    <div className="space-y-6">
      <ChannelForm />
      <ul className="space-y-2">
        {data.map((channel) => (
          <ChannelRow key={channel.id} channel={channel} />
        ))}
      </ul>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Delivery log</h2>
        <DeliveryLog />
      </section>
    </div>
  );
}

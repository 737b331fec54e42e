"use client";

import { useState } from "react";
import type { ChannelView } from "@/lib/store/notification-channels";
import { useChannelMutations, useChannels, useDeliveries } from "../hooks/use-channels";
import { ChannelForm } from "./channel-form";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { Loaded } from "@/app/_components/ui/states";

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
    <DataTable headers={["When", "Channel", "Alert", "Event", "Attempt", "Result"]} testId="delivery-log">
      {(data ?? []).map((d) => (
        <DataRow key={d.id}>
          <td className="px-3 py-1">{new Date(d.at).toLocaleString()}</td>
          <td className="px-3 py-1">{d.channel}</td>
          <td className="px-3 py-1">{d.incidentId ?? "—"}</td>
          <td className="px-3 py-1">{d.event}</td>
          <td className="px-3 py-1">{d.attempt}</td>
          <td className={`px-3 py-1 ${d.status === "ok" ? "text-emerald-700" : "text-red-700"}`}>
            {d.status} {d.response ?? d.error} ({d.durationMs} ms)
          </td>
        </DataRow>
      ))}
    </DataTable>
  );
}

export function ChannelsAdmin() {
  return (
    <Loaded query={useChannels()} what="channels">
      {(data) => (
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
      )}
    </Loaded>
  );
}

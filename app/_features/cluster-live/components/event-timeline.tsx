import { Note } from "@/app/_components/ui/states";
import type { LiveEvent } from "@/lib/status/cluster-live-view";

export function EventTimeline({ events }: { events: LiveEvent[] }) {
  if (events.length === 0) return <Note>No events yet.</Note>;
  return (
    <ol className="space-y-1 text-sm" data-testid="event-timeline">
      {events.map((event) => (
        <li key={event.id} className="flex gap-3">
          <time className="w-24 shrink-0 font-mono text-xs text-slate-500">
            {new Date(event.at).toLocaleTimeString()}
          </time>
          <span className="w-28 shrink-0 text-xs uppercase tracking-wide text-slate-500">{event.kind}</span>
          <span>{event.message}</span>
        </li>
      ))}
    </ol>
  );
}

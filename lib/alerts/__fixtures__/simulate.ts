/** Runs the rules and the hold engine over a timeline of inputs, keeping incidents in memory as the evaluator keeps them in the database. */
import { stepIncidents, type OpenIncident } from "../engine";
import { evaluateRules } from "../rules";
import type { AlertInput } from "../types";

export interface Page {
  event: "fire" | "resolve";
  rule: string;
  key: string;
  severity: string;
  at: number;
}

export function simulate(frames: AlertInput[]): Page[] {
  const open: (OpenIncident & { severity: string })[] = [];
  const pages: Page[] = [];
  let nextId = 1;
  for (const frame of frames) {
    for (const t of stepIncidents(open, evaluateRules(frame), frame.now)) {
      if (t.kind === "open") {
        open.push({ id: nextId++, rule: t.condition.rule, key: t.condition.key, severity: t.condition.severity, state: t.firing ? "firing" : "pending", since: frame.now });
        if (t.firing) pages.push({ event: "fire", rule: t.condition.rule, key: t.condition.key, severity: t.condition.severity, at: frame.now });
        continue;
      }
      const index = open.findIndex((incident) => incident.id === t.id);
      const incident = open[index];
      if (!incident) throw new Error(`no incident ${t.id}`);
      if (t.kind === "fire") {
        incident.state = "firing";
        pages.push({ event: "fire", rule: incident.rule, key: incident.key, severity: incident.severity, at: frame.now });
      } else {
        open.splice(index, 1);
        if (t.kind === "resolve") pages.push({ event: "resolve", rule: incident.rule, key: incident.key, severity: incident.severity, at: frame.now });
      }
    }
  }
  return pages;
}

/** Frames every `stepMs` from `from` to `to` (inclusive), each built by `at`. */
export function timeline(from: number, to: number, stepMs: number, at: (now: number) => AlertInput): AlertInput[] {
  const frames: AlertInput[] = [];
  for (let now = from; now <= to; now += stepMs) frames.push(at(now));
  return frames;
}

/** The pages of one rule over a run of frames. */
export const pagesOf = (frames: AlertInput[], rule: string): Page[] => simulate(frames).filter((p) => p.rule === rule);

/** Each page as [event, ms after `since`]. */
export const eventTimes = (pages: Page[], since: number) => pages.map((p) => [p.event, p.at - since]);

/** Each page as [event, key, ms after `since`]. */
export const keyedEventTimes = (pages: Page[], since: number) => pages.map((p) => [p.event, p.key, p.at - since]);

/**
 * Turns each node's counter readings into the rows the traffic charts read: a 2 s point per poll
 * (rates from the previous reading) and, as each minute ends, that minute's mean. The math is in
 * lib/traffic; this keeps the previous reading and the open minute per node (a restart loses at most
 * one minute's rollup).
 */
import type { TrafficSampleRow } from "@/lib/store/traffic-samples";
import type { TrafficReading } from "@/lib/traffic/counters";
import { trafficRates, type TrafficPoint } from "@/lib/traffic/rates";
import { addToRollup, type RollupState } from "@/lib/traffic/rollup";

export const POINT_STEP = 2;
export const MINUTE_STEP = 60;

export class TrafficRecorder {
  private readonly nodes = new Map<string, { previous: TrafficReading; rollup: RollupState | null }>();

  rows(nodeId: string, reading: TrafficReading): TrafficSampleRow[] {
    const node = this.nodes.get(nodeId);
    const point = trafficRates(node?.previous ?? null, reading);
    if (!point) {
      this.nodes.set(nodeId, { previous: reading, rollup: node?.rollup ?? null });
      return [];
    }
    const { state, finished } = addToRollup(node?.rollup ?? null, point);
    this.nodes.set(nodeId, { previous: reading, rollup: state });
    const rows = [row(nodeId, POINT_STEP, point)];
    if (finished) rows.push(row(nodeId, MINUTE_STEP, finished));
    return rows;
  }

  forget(nodeId: string): void {
    this.nodes.delete(nodeId);
  }
}

function row(nodeId: string, step: number, point: TrafficPoint): TrafficSampleRow {
  return { nodeId, step, at: point.at, data: JSON.stringify(point.values) };
}

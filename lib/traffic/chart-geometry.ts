/** SVG geometry for the traffic charts: time on x, value on y from 0 to a round maximum. Pure. */

export interface ChartBox {
  from: number;
  to: number;
  maxY: number;
  width: number;
  height: number;
}

/** The smallest 1, 2 or 5 × 10^n at or above `max` (1 when nothing is above zero). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max) ?? 10;
  return step * power;
}

export const xOf = (at: number, box: ChartBox) =>
  box.to > box.from ? ((at - box.from) / (box.to - box.from)) * box.width : 0;
export const yOf = (value: number, box: ChartBox) =>
  box.height - (Math.min(value, box.maxY) / box.maxY) * box.height;

/**
 * An SVG path through the points; a gap longer than `gapMs` (the node was away, the agents stopped)
 * lifts the pen instead of drawing a line across it.
 */
export function linePath(points: readonly [number, number][], box: ChartBox, gapMs: number): string {
  let path = "";
  let previous: number | null = null;
  for (const [at, value] of points) {
    if (at < box.from || at > box.to) continue;
    const move = previous === null || at - previous > gapMs;
    path += `${move ? "M" : "L"}${xOf(at, box).toFixed(1)},${yOf(value, box).toFixed(1)}`;
    previous = at;
  }
  return path;
}

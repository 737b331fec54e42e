/**
 * Node flags of the agents process. Polls allocate many short-lived objects (answers, parsed readings,
 * SSH packets): at 1,000 nodes the default young generation (16 MB semi-spaces) spent about a quarter
 * of the process's time in GC. 64 MB semi-spaces: 1.69 against 2.66 ms CPU per node-poll, 0.86 against
 * 0.67 polls per node per 2 s (scripts/bench/scale.ts, one run each on one machine).
 */
export const AGENTS_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];

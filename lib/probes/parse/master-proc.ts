/** Parses the master CLI's `show proc`: the master's reload counter and the live workers. Pure. */

export interface MasterProc {
  masterPid: number;
  reloads: number;
  failedReloads: number;
  workers: { pid: number; reloads: number; uptime: string }[];
}

// "8092            master          1 [failed: 0]   0d00h00m07s     2.6.12-1+deb12u4"
const MASTER = /^(\d+)\s+master\s+(\d+)\s+\[failed:\s*(\d+)\]\s+(\S+)/;
// "8128            worker          0               0d00h00m01s     2.6.12-1+deb12u4"
const WORKER = /^(\d+)\s+worker\s+(\d+)\s+(\S+)/;

export function parseShowProc(text: string): MasterProc {
  let master: { pid: number; reloads: number; failed: number } | null = null;
  const workers: MasterProc["workers"] = [];
  for (const line of text.split("\n")) {
    const m = MASTER.exec(line.trim());
    if (m) {
      master = { pid: Number(m[1]), reloads: Number(m[2]), failed: Number(m[3]) };
      continue;
    }
    const w = WORKER.exec(line.trim());
    if (w) workers.push({ pid: Number(w[1]), reloads: Number(w[2]), uptime: w[3] ?? "" });
  }
  if (!master) throw new Error("show proc: no master line in the answer");
  return { masterPid: master.pid, reloads: master.reloads, failedReloads: master.failed, workers };
}

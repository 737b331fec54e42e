import { requireInventory } from "@/e2e/lab/control";
import { createSshPool } from "@/lib/ssh";
const N = Number(process.argv[2] ?? 1000);
const conc = Number(process.argv[3] ?? 16);
const inv = requireInventory();
const nodes = inv.pairs.filter((p) => Number(p.name.split("-")[1]) >= 8).flatMap((p) => p.nodes);
const pool = createSshPool({ maxHandshakes: conc });
const t0 = performance.now();
let done = 0, failed = 0;
const times: number[] = [];
await Promise.all(Array.from({ length: N }, async (_, i) => {
  const n = nodes[i % nodes.length]!;
  const target = { id: `t${i}`, host: n.address, port: 22, username: "root", identityFile: inv.keyPath, pinnedHostKey: n.hostKeyFingerprint };
  try { await pool.exec(target, ["true"], { timeoutMs: 120_000 }); done++; times.push(performance.now() - t0); } catch (e) { failed++; if (failed < 4) console.log(String(e).slice(0, 200)); }
}));
times.sort((a, b) => a - b);
console.log(`N=${N} conc=${conc}: ok ${done} failed ${failed}; first ${times[0]?.toFixed(0)} ms, half ${times[Math.floor(times.length/2)]?.toFixed(0)} ms, all ${times.at(-1)?.toFixed(0)} ms; cpu ${(process.cpuUsage().user/1000).toFixed(0)} ms user`);
pool.closeAll();
process.exit(0);

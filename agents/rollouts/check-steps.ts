/**
 * Steps that change nothing live: the health gate, each node's preflight (which also puts in place
 * the certificates hapair holds that the new config names), the certificate comparison.
 */
import { certificatePaths } from "@/lib/cluster/render";
import { candidatePath, sha256 } from "@/lib/rollout/files";
import { gateProblems } from "@/lib/rollout/gate";
import type { RolloutStepView } from "@/lib/rollout/types";
import { nodeOps, planOf, sides, type RolloutContext } from "./context";
import { clusterStatusOf, lastLines, observeAll } from "./node-checks";
import type { StepRecorder } from "./run";
import { backupOnce, type NodeOps } from "../runtime/node-ops";

export async function gate(ctx: RolloutContext, _step: RolloutStepView, rec: StepRecorder): Promise<void> {
  const observations = await observeAll(ctx);
  const status = clusterStatusOf(ctx, observations);
  await rec.log(
    `cluster ${status.health}${status.holder ? `, VIP on ${status.holder}` : ""}${status.reasons.length ? `: ${status.reasons.join("; ")}` : ""}`,
  );
  const problems = gateProblems({ status, observations, backup: sides(planOf(ctx)).backup });
  if (problems.length === 0) return;
  if (!ctx.rollout.forceReason) throw new Error(`refused: ${problems.join("; ")}`);
  await rec.log(
    `forced by ${ctx.rollout.startedBy ?? "?"} despite: ${problems.join("; ")} — reason: ${ctx.rollout.forceReason}`,
  );
}

/** Upload every file beside its target and validate it there; nothing live changes. */
export async function preflight(
  ctx: RolloutContext,
  step: RolloutStepView,
  rec: StepRecorder,
): Promise<void> {
  const ops = nodeOps(ctx, step.node);
  const nodePlan = planOf(ctx).nodes.find((n) => n.node === ops.name);
  const files = ctx.desired[ops.name] ?? [];
  for (const file of files) {
    const planned = nodePlan?.files.find((f) => f.role === file.role);
    const now = await ops.sha(file.path);
    if (now !== (planned?.beforeSha ?? null))
      throw new Error(`${file.path} changed on ${ops.name} since the plan was made; plan again`);
    const candidate = candidatePath(file.path, ctx.rollout.id);
    await ops.upload(candidate, file.text, file.mode);
    if ((await ops.sha(candidate)) !== planned?.afterSha)
      throw new Error(`${candidate}: the uploaded file does not read back as sent`);
  }
  await rec.log(`uploaded ${files.length} candidate files beside their targets`);
  await installCertificates(ctx, ops, rec);
  const { commands, paths } = ctx.definition;
  // The ACME challenge map is edited at run time only; HAProxy refuses a config naming a missing one.
  const acmeMap = ctx.definition.acme?.challengeMap;
  if (acmeMap !== undefined && !(await ops.exists(acmeMap))) {
    await ops.upload(acmeMap, "", 0o644);
    await rec.log(`created the empty ACME challenge map ${acmeMap}`);
  }
  for (const [tool, template, path] of [
    ["haproxy", commands.haproxyCheck, paths.haproxyConfig],
    ["keepalived", commands.keepalivedCheck, paths.keepalivedConfig],
  ] as const) {
    const result = await ops.command(template, candidatePath(path, ctx.rollout.id));
    await rec.keep(
      `${template.join(" ").replace("{file}", candidatePath(path, ctx.rollout.id))} (exit ${result.exitCode})`,
      result.output,
    );
    if (!result.ok)
      throw new Error(
        `${tool} refused the new config on ${ops.name} (exit ${result.exitCode}): ${lastLines(result.output)}`,
      );
    await rec.log(`${tool} accepts the new config`);
  }
  const vipBinds = ctx.definition.haproxy.frontends.some((f) => f.binds.some((b) => b.address !== "*"));
  const nonlocal = await ops.nonlocalBind();
  if (vipBinds && nonlocal !== "1")
    throw new Error(
      `net.ipv4.ip_nonlocal_bind is ${nonlocal} on ${ops.name}: HAProxy cannot bind the VIP while the node does not hold it`,
    );
  await rec.log(`net.ipv4.ip_nonlocal_bind = ${nonlocal}`);
  const sums = await ops.certificateSums(certificatePaths(ctx.definition));
  const missing = Object.entries(sums)
    .filter(([, sum]) => sum === null)
    .map(([path]) => path);
  if (missing.length > 0) throw new Error(`certificate files missing on ${ops.name}: ${missing.join(", ")}`);
  if (Object.keys(sums).length > 0) await rec.log(`certificates present: ${Object.keys(sums).join(", ")}`);
}

/** Both nodes must serve the same certificates (a failover mid-renewal shows clients the wrong one). */
export async function certificates(
  ctx: RolloutContext,
  _step: RolloutStepView,
  rec: StepRecorder,
): Promise<void> {
  const paths = certificatePaths(ctx.definition);
  if (paths.length === 0) return rec.log("no certificate files named");
  const [a, b] = await Promise.all(Object.values(ctx.nodes).map((ops) => ops.certificateSums(paths)));
  const differ = paths.filter((p) => a?.[p] !== b?.[p]);
  if (differ.length > 0) throw new Error(`certificates differ between the nodes: ${differ.join(", ")}`);
  await rec.log(`${paths.length} certificate file(s) identical on both nodes`);
}

/**
 * Certificates hapair holds for paths the new config names go in place before the config is
 * validated and installed (a config must never name a file the node lacks): the old file kept as
 * the rollout's numbered backup, the new one written atomically, mode 0600. Same content: left alone.
 */
async function installCertificates(ctx: RolloutContext, ops: NodeOps, rec: StepRecorder): Promise<void> {
  for (const [path, pem] of Object.entries(ctx.certificates)) {
    if ((await ops.sha(path)) === sha256(pem)) continue;
    const kept = await backupOnce(ops, path, ctx.rollout.id);
    await ops.upload(path, pem, 0o600);
    await rec.log(
      `installed certificate ${path}${kept === "absent" ? "" : " (old file kept as the rollout's backup)"}`,
    );
  }
}

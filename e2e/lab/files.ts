/** The lab's key, certificate and each node's own /etc (through /etc/netns/<ns>/, see FACTS.md). */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { articleHaproxyConfig, articleKeepalivedConfig, sshdConfig } from "./configs";
import { must } from "./sh";
import { ASSETS_DIR, KEY_PATH, SOURCE_ASSETS_DIR, STATE_DIR, netnsEtc, writeIfChanged } from "./state";
import type { LabHost, LabNode, LabPair } from "./topology";

const CERT_PATH = join(STATE_DIR, "site.pem");

export function ensureAssets(): void {
  mkdirSync(ASSETS_DIR, { recursive: true });
  for (const file of readdirSync(SOURCE_ASSETS_DIR)) {
    const target = join(ASSETS_DIR, file);
    copyFileSync(join(SOURCE_ASSETS_DIR, file), target);
    chmodSync(target, 0o755);
  }
}

export function ensureLabKey(): void {
  if (!existsSync(KEY_PATH))
    must("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "hapair-lab", "-f", KEY_PATH]);
}

export function ensureCertificate(): void {
  if (existsSync(CERT_PATH)) return;
  const key = join(STATE_DIR, "site.key");
  const cert = join(STATE_DIR, "site.crt");
  must("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "3650",
    "-subj",
    "/CN=lab.hapair.test",
  ]);
  writeIfChanged(CERT_PATH, readFileSync(cert, "utf8") + readFileSync(key, "utf8"), 0o600);
}

/**
 * A node's /etc/haproxy, /etc/keepalived and /etc/ssh. Configs are written only when missing, so an
 * `up` that repairs the lab never reverts what hapair deployed since.
 */
export function ensureNodeEtc(
  pair: LabPair,
  node: LabNode,
  backends: LabHost[],
): { haproxyCfgChanged: boolean } {
  const etc = netnsEtc(node.namespace);
  const writeOnce = (path: string, content: string, mode?: number) => {
    if (!existsSync(path)) writeIfChanged(path, content, mode);
  };
  // A running lab still on the earlier stock haproxy.cfg (no server-state file) is upgraded in place.
  const haproxyCfg = join(etc, "haproxy", "haproxy.cfg");
  const stale =
    existsSync(haproxyCfg) &&
    readFileSync(haproxyCfg, "utf8") === articleHaproxyConfig(pair, backends, false);
  if (stale) writeIfChanged(haproxyCfg, articleHaproxyConfig(pair, backends));
  writeOnce(haproxyCfg, articleHaproxyConfig(pair, backends));
  writeIfChanged(join(etc, "haproxy", "certs", "site.pem"), readFileSync(CERT_PATH, "utf8"), 0o600);
  writeOnce(join(etc, "keepalived", "keepalived.conf"), articleKeepalivedConfig(pair, node));
  writeIfChanged(join(etc, "ssh", "sshd_config"), sshdConfig(node));
  writeIfChanged(join(etc, "ssh", "authorized_keys"), readFileSync(`${KEY_PATH}.pub`, "utf8"), 0o600);
  const hostKey = join(etc, "ssh", "ssh_host_ed25519_key");
  if (!existsSync(hostKey))
    must("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${node.name}-host`, "-f", hostKey]);
  return { haproxyCfgChanged: stale };
}

/** `SHA256:…` exactly as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(node: LabNode): string {
  const out = must("ssh-keygen", ["-lf", join(netnsEtc(node.namespace), "ssh", "ssh_host_ed25519_key.pub")]);
  const fingerprint = out.split(" ")[1];
  if (!fingerprint?.startsWith("SHA256:")) throw new Error(`unexpected ssh-keygen output: ${out}`);
  return fingerprint;
}

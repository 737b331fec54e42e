/** Where things live on the nodes and the service commands hapair runs there (systemd defaults). */
import { z } from "zod";
import { absolutePath, text } from "./primitives";

/** One argv word; commands are argument lists, never shell strings. "{file}" stands for the file checked. */
const argvWord = text(256)
  .min(1)
  .regex(/^[A-Za-z0-9._/@%+=:,{}-]+$/, "one word of letters, digits and ._/@%+=:,{}-");
export const argv = z.array(argvWord).min(1, "a command").max(32);

export const commandsSchema = z.strictObject({
  haproxyCheck: argv.default(["haproxy", "-c", "-f", "{file}"]),
  haproxyReload: argv.default(["systemctl", "reload", "haproxy"]),
  keepalivedCheck: argv.default(["keepalived", "-t", "-f", "{file}"]),
  keepalivedReload: argv.default(["systemctl", "reload", "keepalived"]),
  /** Used by the process-death drill (lib/drill): stop HAProxy on the VIP holder, start it again. */
  haproxyStop: argv.default(["systemctl", "stop", "haproxy"]),
  haproxyStart: argv.default(["systemctl", "start", "haproxy"]),
});

export const pathsSchema = z.strictObject({
  haproxyConfig: absolutePath.default("/etc/haproxy/haproxy.cfg"),
  keepalivedConfig: absolutePath.default("/etc/keepalived/keepalived.conf"),
  haproxyPidFile: absolutePath.default("/run/haproxy.pid"),
  masterSocket: absolutePath.default("/run/haproxy-master.sock"),
  /** The notify hook keepalived runs on every state change; it writes keepalivedStateFile. */
  notifyScript: absolutePath.default("/etc/keepalived/hapair-notify.sh"),
  keepalivedStateFile: absolutePath.default("/run/keepalived/hapair-state"),
  /** Where keepalived logs why it refused a reload (`reload_check_config`). */
  keepalivedReloadCheckLog: absolutePath.default("/run/keepalived-reload-check.log"),
  /** HAProxy's server-state file: runtime drain/maint states are dumped here so reloads keep them. */
  serverStateFile: absolutePath.default("/var/lib/haproxy/server-state"),
  /** Extra files to keep in sync (certificates named in binds are included automatically). */
  certificates: z.array(absolutePath).max(100).default([]),
});

export type CommandsDefinition = z.infer<typeof commandsSchema>;
export type PathsDefinition = z.infer<typeof pathsSchema>;

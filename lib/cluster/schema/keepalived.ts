/** The VRRP/Keepalived part of a cluster definition: rendered into one keepalived.conf per node. */
import { z } from "zod";
import {
  absolutePath,
  commentLines,
  identifier,
  intIn,
  interfaceName,
  ipv4,
  privateKeyPem,
  rawLines,
  secretOr,
  text,
} from "./primitives";

/**
 * A track-script command line, rendered inside double quotes. keepalived splits it into words itself
 * (single quotes group words) and finds a bare command through PATH; characters that would end the
 * quoted string or that keepalived expands (comments, config variables, braces) are refused.
 */
const scriptCommand = text(512).regex(
  /^[^\s"#!$`\\{}][^"#!$`\\{}]*$/,
  "a command with arguments, without double quotes, '#', '!', '$', '`', '\\' or braces",
);

export const trackScriptSchema = z.strictObject({
  name: identifier,
  script: scriptCommand,
  interval: intIn(1, 3600).default(2),
  /** Priority change while the script fails (negative) or succeeds (positive); 0 puts the node in FAULT. */
  weight: intIn(-253, 253).default(0),
  fall: intIn(1, 100).default(2),
  rise: intIn(1, 100).default(2),
  timeout: intIn(1, 3600).optional(),
  /** The instance's own weight for this script (`track_script { NAME weight N }`), over the script's. */
  instanceWeight: intIn(-253, 253).optional(),
  /** false: defined, but not in the instance's track_script (another instance, or nothing, tracks it). */
  tracked: z.boolean().default(true),
  /** Further vrrp_script lines (user, init_fail, …). */
  extra: rawLines,
});

export const vipSchema = z.strictObject({
  address: ipv4,
  prefix: intIn(1, 32),
  interface: interfaceName,
  /** Further words of the VIP line (label eth0:api, scope, brd, …), in order. */
  options: text(200)
    .regex(/^[A-Za-z0-9_.:/@ -]*$/, "words of letters, digits and _.:/@-")
    .optional(),
});

export const vrrpSchema = z.strictObject({
  instanceName: identifier.default("VI_1"),
  /** The interface VRRP adverts use; defaults to the first VIP's interface. */
  interface: interfaceName.optional(),
  virtualRouterId: intIn(1, 255),
  advertInt: intIn(1, 255).default(1),
  /** PASS authentication; keepalived silently truncates beyond 8 characters, so longer is refused. */
  authPass: secretOr(
    z
      .string()
      .regex(
        /^[A-Za-z0-9_.+=:,@%^*~-]{1,8}$/,
        "1 to 8 letters, digits or _.+=:,@%^*~- (keepalived silently truncates longer passwords)",
      ),
  ).optional(),
  mode: z.enum(["unicast", "multicast"]).default("unicast"),
  /** nopreempt: a recovered node does not take the VIP back (both nodes then start as BACKUP). */
  nopreempt: z.boolean().default(false),
  preemptDelay: intIn(0, 1000).optional(),
  trackScripts: z.array(trackScriptSchema).max(16).default([]),
  /** Further vrrp_instance lines (garp_master_delay, track_interface { … }, …), in order. */
  extra: rawLines,
});

/**
 * This node's own values of settings the pair otherwise shares, where the two nodes' files differ
 * (another NIC name, a line only this node has): rendered on this node in place of the shared value.
 */
export const nodeOverridesSchema = z.strictObject({
  /** The VRRP interface on this node. */
  interface: interfaceName.optional(),
  /** The `dev` of each VIP on this node, in the order of `vips` (same addresses, another NIC name). */
  vipInterfaces: z.array(interfaceName).max(16).optional(),
  /** This node's vrrp_instance lines, in place of `vrrp.extra`. */
  extra: rawLines.optional(),
  /** This node's global_defs lines, in place of `keepalived.globalExtra`. */
  globalExtra: rawLines.optional(),
});

export const keepalivedSchema = z.strictObject({
  scriptUser: identifier.default("root"),
  /** Further global_defs lines. */
  globalExtra: rawLines,
  /** Whole top-level blocks kept verbatim (virtual_server, vrrp_sync_group, …), after the instance. */
  extraBlocks: z.array(rawLines).max(100).default([]),
});

const comments = commentLines("#!");

/**
 * This node's comments from its keepalived.conf, above the block each was above (or, from inside a
 * block, above that block's header). Comments among lines kept raw stay in place in those lines.
 */
export const nodeCommentsSchema = z.strictObject({
  globalDefs: comments.optional(),
  /** Above the main vrrp_instance. */
  instance: comments.optional(),
  /** Above each vrrp_script, by its name. */
  scripts: z
    .record(identifier, comments)
    .refine((scripts) => Object.keys(scripts).length <= 100, "at most 100 scripts")
    .optional(),
  /** After the last block. */
  end: comments.optional(),
});

export const nodeSchema = z.strictObject({
  name: identifier,
  /** The node's own address on the VRRP segment (unicast_src_ip; the peer's unicast_peer). */
  address: ipv4,
  /** A prefix written after unicast_src_ip's address (`A/N`, which keepalived reads as A), kept as written. */
  addressPrefix: intIn(0, 32).optional(),
  ssh: z.strictObject({
    host: text(253).regex(/^[A-Za-z0-9.:-]+$/, "a host name or address"),
    port: intIn(1, 65_535).default(22),
    user: identifier.default("root"),
    /** Private key file on the hapair server (never sent to the browser); none yet: the node is not polled. */
    identityFile: absolutePath.optional(),
    /** Or the private key itself: stored sealed, never returned (the API shows KEPT_SECRET). */
    privateKey: secretOr(privateKeyPem).optional(),
    useSudo: z.boolean().default(false),
    /**
     * How hapair reaches HAProxy's admin socket: SSH stream-local forwarding (no tool needed on the
     * node), `socat` on the node (for sshd with AllowStreamLocalForwarding off), or auto (forwarding,
     * falling back to socat when the server refuses it).
     */
    runtimeApi: z.enum(["auto", "forward", "socat"]).default("auto"),
  }),
  /** keepalived's `state`; BACKUP when the file says none (keepalived's default). */
  role: z.enum(["MASTER", "BACKUP"]),
  priority: intIn(1, 254),
  routerId: identifier,
  /**
   * The operator's own keepalived `notify` script (command and arguments), rendered as written:
   * keepalived runs one `notify` per instance, so hapair's state hook then hears each state through
   * the `notify_<state>` lines the instance leaves free.
   */
  notify: scriptCommand.optional(),
  overrides: nodeOverridesSchema.optional(),
  /** Top-level keepalived blocks only this node has (its own extra vrrp_instances, …), after the shared ones. */
  extraBlocks: z.array(rawLines).max(100).default([]),
  comments: nodeCommentsSchema.optional(),
  /** Accepted host key fingerprint (`SHA256:…`); hosts presenting another key are refused. */
  hostKeyFingerprint: text(80)
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "a SHA256:… fingerprint as ssh-keygen -lf prints it")
    .optional(),
});

export type TrackScript = z.infer<typeof trackScriptSchema>;
export type VrrpDefinition = z.infer<typeof vrrpSchema>;
export type NodeDefinition = z.infer<typeof nodeSchema>;
export type NodeOverrides = z.infer<typeof nodeOverridesSchema>;
export type NodeComments = z.infer<typeof nodeCommentsSchema>;

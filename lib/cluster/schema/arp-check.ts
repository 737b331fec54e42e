/**
 * The ARP truth check (issue 21 item 3): after every VIP move and periodically, which MAC answers ARP
 * for the VIP as the peer node sees it (arping), and, with a witness host on the segment (a gateway, a
 * monitoring box), what its neighbour table holds for the VIP (`ip neigh show`). Switches and routers
 * that drop gratuitous ARP keep sending traffic to the old holder for minutes.
 */
import { z } from "zod";
import { absolutePath, identifier, intIn, text } from "./primitives";

export const arpWitnessSchema = z.strictObject({
  host: text(253).regex(/^[A-Za-z0-9.:-]+$/, "a host name or address"),
  port: intIn(1, 65_535).default(22),
  user: identifier.default("root"),
  /** Private key file on the hapair server (in HAPAIR_KEY_DIR), as for nodes. */
  identityFile: absolutePath,
  /** Pinned like a node's: the witness is never trusted on first use. */
  hostKeyFingerprint: text(80).regex(
    /^SHA256:[A-Za-z0-9+/]{43}$/,
    "a SHA256:… fingerprint as ssh-keygen -lf prints it",
  ),
});

export const arpCheckSchema = z.strictObject({
  witness: arpWitnessSchema.optional(),
  /** The witness may still point at the old holder's MAC this long after a VIP move before it alerts. */
  staleAfterSeconds: intIn(1, 3600).default(15),
  /** Besides after every VIP move, the check runs this often. */
  everySeconds: intIn(5, 3600).default(30),
});

export type ArpCheckSettings = z.infer<typeof arpCheckSchema>;

/**
 * The design article's pair: what the "New cluster" template starts from and the tests' article
 * fixture runs in the lab share these parts. Functions, so that no caller's edit reaches another's.
 */
import type { ClusterDefinitionInput } from "./schema/definition";

type HaproxyInput = NonNullable<ClusterDefinitionInput["haproxy"]>;

export const articleVips = (): ClusterDefinitionInput["vips"] => [
  { address: "10.0.0.100", prefix: 24, interface: "eth0" },
];

/** HAProxy's process alive, and the gateway reachable. */
export const articleTrackScripts = (): NonNullable<ClusterDefinitionInput["vrrp"]["trackScripts"]> => [
  { name: "chk_haproxy", script: "/usr/bin/killall -0 haproxy", interval: 2, weight: -20, fall: 2, rise: 2 },
  { name: "chk_gateway", script: "/bin/ping -c 1 -W 1 10.0.0.1", interval: 3, weight: -30, fall: 2, rise: 2 },
];

export const articleDefaults = (): NonNullable<HaproxyInput["defaults"]> => ({
  options: ["httplog", "dontlognull", "forwardfor", "http-server-close"],
  timeouts: { connect: "5s", client: "60s", server: "60s", "http-request": "10s" },
  retries: 3,
});

/** HTTPS on the VIP with HTTP redirected to it, into be_app. */
export const articleFrontend = (): NonNullable<HaproxyInput["frontends"]>[number] => ({
  name: "fe_https",
  binds: [
    {
      address: "10.0.0.100",
      port: 443,
      tls: { certificate: "/etc/haproxy/certs/site.pem", alpn: ["h2", "http/1.1"] },
    },
    { address: "10.0.0.100", port: 80 },
  ],
  httpsRedirect: true,
  defaultBackend: "be_app",
});

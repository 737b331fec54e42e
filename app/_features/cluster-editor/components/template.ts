import { articleDefaults, articleFrontend, articleTrackScripts, articleVips } from "@/lib/cluster/article";
import type { ClusterDefinitionInput } from "@/lib/cluster/definition";

/** What "New cluster" starts from: the design article's pair, unicast, with its two track scripts. */
export const NEW_CLUSTER_TEMPLATE: ClusterDefinitionInput = {
  name: "",
  vips: articleVips(),
  vrrp: {
    virtualRouterId: 51,
    authPass: "",
    mode: "unicast",
    trackScripts: articleTrackScripts(),
  },
  nodes: [
    {
      name: "lb-01",
      address: "10.0.0.11",
      ssh: { host: "10.0.0.11" },
      role: "MASTER",
      priority: 110,
      routerId: "LB_01",
    },
    {
      name: "lb-02",
      address: "10.0.0.12",
      ssh: { host: "10.0.0.12" },
      role: "BACKUP",
      priority: 100,
      routerId: "LB_02",
    },
  ],
  haproxy: {
    global: {
      maxconn: 50000,
      user: "haproxy",
      group: "haproxy",
      logs: [{ target: "/dev/log", facility: "local0" }],
    },
    defaults: articleDefaults(),
    frontends: [articleFrontend()],
    backends: [
      {
        name: "be_app",
        healthCheck: { method: "GET", path: "/healthz", expectStatus: 200 },
        defaultServer: { inter: "2s", fall: 3, rise: 2, maxconn: 1000 },
        servers: [{ name: "app-01", address: "10.0.1.11", port: 8080 }],
      },
    ],
  },
};

import type { ClusterDefinitionInput } from "@/lib/cluster/definition";

/** What "New cluster" starts from: the design article's pair, unicast, with its two track scripts. */
export const NEW_CLUSTER_TEMPLATE: ClusterDefinitionInput = {
  name: "",
  vips: [{ address: "10.0.0.100", prefix: 24, interface: "eth0" }],
  vrrp: {
    virtualRouterId: 51,
    authPass: "",
    mode: "unicast",
    trackScripts: [
      {
        name: "chk_haproxy",
        script: "/usr/bin/killall -0 haproxy",
        interval: 2,
        weight: -20,
        fall: 2,
        rise: 2,
      },
      {
        name: "chk_gateway",
        script: "/bin/ping -c 1 -W 1 10.0.0.1",
        interval: 3,
        weight: -30,
        fall: 2,
        rise: 2,
      },
    ],
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
    defaults: {
      options: ["httplog", "dontlognull", "forwardfor", "http-server-close"],
      timeouts: { connect: "5s", client: "60s", server: "60s", "http-request": "10s" },
      retries: 3,
    },
    frontends: [
      {
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
      },
    ],
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

/** Everything hapair writes to the nodes for one definition. Pure. */
import type { ClusterDefinition } from "../schema/definition";
import { renderHaproxyCfg } from "./haproxy-cfg";
import { renderKeepalivedConf } from "./keepalived-conf";
import { renderNotifyScript } from "./notify-script";

export interface RenderedCluster {
  haproxyCfg: string;
  /** keepalived.conf per node name. */
  keepalived: Record<string, string>;
  notifyScript: string;
}

export function renderCluster(definition: ClusterDefinition): RenderedCluster {
  return {
    haproxyCfg: renderHaproxyCfg(definition),
    keepalived: Object.fromEntries(
      definition.nodes.map((node) => [node.name, renderKeepalivedConf(definition, node.name)]),
    ),
    notifyScript: renderNotifyScript(definition),
  };
}

/** TLS files the rendered haproxy.cfg names, plus any listed by hand: both nodes need the same ones. */
export function certificatePaths(definition: ClusterDefinition): string[] {
  const fromBinds = definition.haproxy.frontends.flatMap((f) =>
    f.binds.flatMap((b) => (b.tls ? [b.tls.certificate] : [])),
  );
  return [...new Set([...fromBinds, ...definition.paths.certificates])].sort();
}

/**
 * Warnings for directives that hand a node's root, or HAProxy's admin interface, to whoever can edit
 * or reach it: `program` sections (the master process runs a command on every reload), Lua
 * (`lua-load`: arbitrary code in every worker), and a stats/admin socket or stats page bound on all
 * interfaces (anyone on the network can drain servers or read the stats). Allowed, but said. Pure.
 */
import type { ClusterDefinition } from "../schema/definition";
import type { FieldIssue } from "./types";

/** haproxy.cfg tokens: words split on blanks, quotes removed, so `"lua-load"` reads as lua-load. */
function words(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) =>
    w.replace(/^["']|["']$/g, "").replaceAll("\\", ""),
  );
}

const LUA = /^lua-(load|load-per-thread|prepend-path)$/;
/** An address meaning every interface: `*:9999`, `:9999`, `0.0.0.0:9999`, `[::]:9999`, `ipv4@…`, `ipv6@::`. */
const ALL_INTERFACES = /^(?:(?:tcp|tcp4|tcp6|ipv4|ipv6)@)?(?:\*|0\.0\.0\.0|::|\[::\])?:\d+$|^(?:ipv6@)?::$/;

function lineWarnings(line: string, path: string): FieldIssue[] {
  const [first = "", second = "", third = ""] = words(line);
  if (LUA.test(first))
    return [
      {
        path,
        message: `${first} runs Lua code inside every HAProxy worker: anyone who can edit this definition runs code on both nodes`,
      },
    ];
  if (first === "stats" && second === "socket" && ALL_INTERFACES.test(third)) {
    return [
      {
        path,
        message: `the stats socket ${third} listens on all interfaces: anyone who reaches it can drain servers or change states (bind it to a local path or 127.0.0.1)`,
      },
    ];
  }
  return [];
}

function linesWarnings(lines: readonly string[], path: string): FieldIssue[] {
  return lines.flatMap((line, i) => lineWarnings(line, `${path}.${i}`));
}

const STATS_PAGE = /^stats\s+(enable|uri|admin)\b/;

export function riskyDirectiveWarnings(definition: ClusterDefinition): FieldIssue[] {
  const { haproxy } = definition;
  const warnings = [
    ...linesWarnings(haproxy.global.extra, "haproxy.global.extra"),
    ...linesWarnings(haproxy.defaults.extra, "haproxy.defaults.extra"),
    ...haproxy.frontends.flatMap((f, i) => linesWarnings(f.extra, `haproxy.frontends.${i}.extra`)),
    ...haproxy.backends.flatMap((b, i) => linesWarnings(b.extra, `haproxy.backends.${i}.extra`)),
  ];
  haproxy.frontends.forEach((frontend, i) => {
    const page = frontend.extra.findIndex((line) => STATS_PAGE.test(words(line).join(" ")));
    if (page >= 0 && frontend.binds.some((b) => b.address === "*")) {
      warnings.push({
        path: `haproxy.frontends.${i}.extra.${page}`,
        message: `${frontend.name} serves the stats page on all interfaces (bind *): bind it to a management address`,
      });
    }
  });
  haproxy.sections.forEach((section, i) => {
    const path = `haproxy.sections.${i}`;
    if (section.kind === "program")
      warnings.push({
        path: `${path}.kind`,
        message: `program ${section.name}: HAProxy's master process runs this command on every node, as root unless it says otherwise`,
      });
    warnings.push(...linesWarnings(section.lines, `${path}.lines`));
    const page = section.lines.findIndex((line) => STATS_PAGE.test(words(line).join(" ")));
    const open = section.lines.some((line) => {
      const [first = "", address = ""] = words(line);
      return first === "bind" && ALL_INTERFACES.test(address);
    });
    if (section.kind === "listen" && page >= 0 && open)
      warnings.push({
        path: `${path}.lines.${page}`,
        message: `listen ${section.name} serves the stats page on all interfaces: bind it to a management address`,
      });
  });
  return warnings;
}

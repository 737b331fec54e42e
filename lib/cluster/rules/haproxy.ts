/** Cross-field HAProxy rules: names unique, references resolve, raw lines stay inside their section. Pure. */
import type { ClusterDefinition } from "../schema/definition";
import { haproxyKeyword } from "../haproxy-line";
import type { FieldIssue } from "./types";
// A raw line starting with a section keyword would escape its section.
import { SECTION_KEYWORDS } from "../schema/haproxy";

function firstWord(line: string): string {
  return haproxyKeyword(line).keyword.toLowerCase();
}

const CONDITIONS = new Set([".if", ".elif", ".else", ".endif"]);

/**
 * Raw lines stay in their section as HAProxy reads them: no keyword (quoted, escaped or not) that
 * opens a section, none taken from an environment variable, and `.if` blocks closed in the same list
 * (an open one would swallow what hapair renders after it).
 */
function rawLineIssues(lines: string[], path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let open: number | null = null;
  let depth = 0;
  lines.forEach((line, i) => {
    const { keyword, variable } = haproxyKeyword(line);
    const word = keyword.toLowerCase();
    if (variable)
      issues.push({
        path: `${path}.${i}`,
        message:
          "the keyword comes from an environment variable, so it could start a new section; write the keyword itself",
      });
    else if (SECTION_KEYWORDS.has(word))
      issues.push({
        path: `${path}.${i}`,
        message: `"${word}" would start a new section; add it as its own section instead`,
      });
    else if (word === ".if") {
      if (depth++ === 0) open = i;
    } else if (CONDITIONS.has(word) && depth === 0)
      issues.push({ path: `${path}.${i}`, message: `"${word}" without its ".if" in the same lines` });
    else if (word === ".endif") depth--;
  });
  if (depth > 0)
    issues.push({
      path: `${path}.${open ?? 0}`,
      message: '".if" without its ".endif" in the same lines: it would swallow what follows',
    });
  return issues;
}

/**
 * `from NAME` must name a defaults section rendered above (HAProxy reads top to bottom), and
 * `afterDefaults` a section that exists. Proxies are rendered after the defaults section they follow.
 */
function defaultsOrderIssues(haproxy: ClusterDefinition["haproxy"]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const all = [haproxy.defaults, ...haproxy.moreDefaults];
  const namedBefore = (position: number) =>
    new Set(all.slice(0, position).flatMap((d) => (d.name ? [d.name] : [])));
  all.forEach((d, i) => {
    const path = i === 0 ? "haproxy.defaults" : `haproxy.moreDefaults.${i - 1}`;
    if (d.from && !namedBefore(i).has(d.from))
      issues.push({ path: `${path}.from`, message: `no named defaults section "${d.from}" above this one` });
  });
  const proxies: [string, { from?: string; afterDefaults?: number }[]][] = [
    ["frontends", haproxy.frontends],
    ["backends", haproxy.backends],
    ["sections", haproxy.sections],
  ];
  for (const [list, items] of proxies) {
    items.forEach((proxy, i) => {
      const position = proxy.afterDefaults ?? 0;
      if (position > haproxy.moreDefaults.length)
        issues.push({
          path: `haproxy.${list}.${i}.afterDefaults`,
          message: `there are only ${haproxy.moreDefaults.length} further defaults sections`,
        });
      else if (proxy.from && !namedBefore(position + 1).has(proxy.from))
        issues.push({
          path: `haproxy.${list}.${i}.from`,
          message: `no named defaults section "${proxy.from}" above this one`,
        });
    });
  }
  return issues;
}

export function haproxyIssues(definition: ClusterDefinition): FieldIssue[] {
  const { haproxy } = definition;
  const issues: FieldIssue[] = [];
  issues.push(...rawLineIssues(haproxy.global.extra, "haproxy.global.extra"));
  issues.push(...rawLineIssues(haproxy.defaults.extra, "haproxy.defaults.extra"));
  // hapair renders the server-state lines itself (keepServerState); a raw copy would say it twice.
  const stateLines: [string[], string, string][] = [
    [haproxy.global.extra, "haproxy.global.extra", "server-state-file"],
    [haproxy.defaults.extra, "haproxy.defaults.extra", "load-server-state-from-file"],
  ];
  for (const [lines, path, keyword] of stateLines) {
    lines.forEach((line, i) => {
      if (firstWord(line) === keyword)
        issues.push({
          path: `${path}.${i}`,
          message: `${keyword} is rendered by hapair: set paths.serverStateFile / haproxy.global.keepServerState instead`,
        });
    });
  }

  // HAProxy lets a frontend and a backend share a name; a listen (both at once) clashes with either.
  const taken = { frontend: new Map<string, string>(), backend: new Map<string, string>() };
  const claim = (name: string, path: string, sides: ("frontend" | "backend")[]) => {
    const clash = sides.map((side) => taken[side].get(name)).find(Boolean);
    if (clash) issues.push({ path, message: `"${name}" is already the name of ${clash}` });
    else for (const side of sides) taken[side].set(name, path.replace(/\.name$/, ""));
  };
  haproxy.frontends.forEach((f, i) => claim(f.name, `haproxy.frontends.${i}.name`, ["frontend"]));
  haproxy.backends.forEach((b, i) => claim(b.name, `haproxy.backends.${i}.name`, ["backend"]));
  haproxy.sections.forEach((s, i) => {
    if (s.kind === "listen") {
      if (s.name) claim(s.name, `haproxy.sections.${i}.name`, ["frontend", "backend"]);
      else issues.push({ path: `haproxy.sections.${i}.name`, message: "a listen section needs a name" });
    }
    issues.push(...rawLineIssues(s.lines, `haproxy.sections.${i}.lines`));
  });
  issues.push(...defaultsOrderIssues(haproxy));

  const backends = new Set(haproxy.backends.map((b) => b.name));
  const listens = new Set(haproxy.sections.filter((s) => s.kind === "listen").map((s) => s.name));
  haproxy.frontends.forEach((frontend, i) => {
    if (
      frontend.defaultBackend &&
      !backends.has(frontend.defaultBackend) &&
      !listens.has(frontend.defaultBackend)
    ) {
      issues.push({
        path: `haproxy.frontends.${i}.defaultBackend`,
        message: `backend "${frontend.defaultBackend}" does not exist`,
      });
    }
    frontend.extra.forEach((line, j) => {
      const target = /^\s*use_backend\s+([A-Za-z0-9_.:-]+)(\s|$)/.exec(line)?.[1];
      if (target && !backends.has(target) && !listens.has(target))
        issues.push({
          path: `haproxy.frontends.${i}.extra.${j}`,
          message: `backend "${target}" does not exist`,
        });
    });
    issues.push(...rawLineIssues(frontend.extra, `haproxy.frontends.${i}.extra`));
    const binds = new Set<string>();
    frontend.binds.forEach((bind, j) => {
      const key = `${bind.address}:${bind.port}`;
      if (binds.has(key))
        issues.push({ path: `haproxy.frontends.${i}.binds.${j}.port`, message: `${key} is bound twice` });
      binds.add(key);
    });
    if (frontend.httpsRedirect && !frontend.binds.some((b) => b.tls)) {
      issues.push({
        path: `haproxy.frontends.${i}.httpsRedirect`,
        message: "redirecting to HTTPS needs a bind with a TLS certificate",
      });
    }
  });

  haproxy.backends.forEach((backend, i) => {
    issues.push(...rawLineIssues(backend.extra, `haproxy.backends.${i}.extra`));
    const names = new Set<string>();
    backend.servers.forEach((server, j) => {
      if (names.has(server.name))
        issues.push({
          path: `haproxy.backends.${i}.servers.${j}.name`,
          message: `server "${server.name}" appears twice in ${backend.name}`,
        });
      names.add(server.name);
    });
  });
  return issues;
}

/**
 * ESLint rule: a "use client" file must not import the server modules (lib/store, lib/db, lib/ssh,
 * lib/secrets) for their values; `import type` is erased and allowed. This stands in for
 * `import "server-only"`, which throws under plain Node/tsx (agents, CLI, Vitest) where those modules
 * also run. What a client file reaches through other modules is checked by app/client-boundary.test.ts.
 */
const SERVER = /^(?:@\/|(?:\.\.?\/)+)?lib\/(store|db|ssh|secrets)(?:\/|$)/;

/** Relative specifiers are resolved from the file, so "../../../lib/store/x" is caught as well. */
function serverModule(spec, filename, cwd) {
  if (SERVER.test(spec) && !spec.startsWith(".")) return spec;
  if (!spec.startsWith(".")) return null;
  const dir = filename.slice(0, filename.lastIndexOf("/"));
  const parts = [...dir.split("/"), ...spec.split("/")];
  const out = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== ".") out.push(p);
  }
  const fromRoot = out.join("/").slice(cwd.length + 1);
  return SERVER.test(fromRoot) ? fromRoot : null;
}

const typeOnly = (node) =>
  node.importKind === "type" ||
  (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type"));

export const clientServerBoundary = {
  meta: {
    type: "problem",
    messages: {
      server: '"use client" file imports the server module {{module}}: read it through an API route instead',
    },
    schema: [],
  },
  create(context) {
    const client = context.sourceCode.ast.body.some(
      (s) => s.type === "ExpressionStatement" && s.directive === "use client",
    );
    if (!client) return {};
    const check = (node, source) => {
      const module = serverModule(String(source.value), context.filename, context.cwd);
      if (module) context.report({ node, messageId: "server", data: { module } });
    };
    return {
      ImportDeclaration(node) {
        if (!typeOnly(node)) check(node, node.source);
      },
      ExportNamedDeclaration(node) {
        if (node.source && node.exportKind !== "type") check(node, node.source);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind !== "type") check(node, node.source);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source);
      },
    };
  },
};

/** Reading and immutably writing a value at a dotted path of the definition being edited. Pure. */

type Json = Record<string, unknown> | unknown[];

export function getAt(root: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
      root,
    );
}

/** The list at a path, or none when the draft (say, typed in YAML) has something else there. */
export function listAt(root: unknown, path: string): unknown[] {
  const value = getAt(root, path);
  return Array.isArray(value) ? value : [];
}

export function setAt<T>(root: T, path: string, value: unknown): T {
  const [head = "", ...rest] = path.split(".");
  const node = (root !== null && typeof root === "object" ? root : /^\d+$/.test(head) ? [] : {}) as Json;
  const copy = (Array.isArray(node) ? [...node] : { ...node }) as Record<string, unknown>;
  copy[head] = rest.length === 0 ? value : setAt(copy[head], rest.join("."), value);
  return copy as T;
}

#!/usr/bin/env node
// The `hapair` CLI. It runs the TypeScript sources through tsx so that it shares the schema,
// rules and renderers with the web app without a separate build.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: resolve(root, "tsconfig.json") });
const { main } = await import(resolve(root, "lib/cli/main.ts"));
process.exitCode = await main(process.argv.slice(2));

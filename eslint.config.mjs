// Type-aware lint: the promise rules catch the un-awaited call that ends a process on a rejected promise.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { clientServerBoundary } from "./scripts/eslint/client-server-boundary.mjs";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      ".lab-cache/**",
      "next-env.d.ts",
    ],
  },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Two folders up or more, the "@/" alias says where the module lives.
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../../*"], message: 'import with "@/…"' }] },
      ],
    },
  },
  {
    files: ["app/**/*.tsx"],
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Only "use client" files are checked (the rule reads the directive); server components may import.
    files: ["app/**/*.{ts,tsx}"],
    plugins: { hapair: { rules: { "client-server-boundary": clientServerBoundary } } },
    rules: { "hapair/client-server-boundary": "error" },
  },
  {
    // Tests and lab scripts assert on shapes they just built; a parse there adds nothing.
    files: ["**/*.test.{ts,tsx}", "e2e/**", "scripts/**", "**/__fixtures__/**", "**/__testing__/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);

// Lint: typescript-eslint's recommended rules; formatting is prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "out/**", ".demo/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // What is deployed must not depend on the stand-ins, the tests, the benchmark or dev scripts.
    files: ["functions/**", "shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.{1,2}/)+(sim|demo|test|bench|scripts)(/|$)",
              message:
                "Production code (functions/, shared/) imports nothing from sim/, demo/, test/, bench/ or scripts/.",
            },
          ],
        },
      ],
    },
  },
  {
    // The stand-ins are a test of the product, not a mirror of it: their rules come from Microsoft's
    // documentation, so they import nothing from the product (not even its types) nor from what uses them.
    files: ["sim/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.{1,2}/)+(shared|functions|infra|demo|test|bench|scripts)(/|$)",
              message: "sim/ imports nothing from the product (shared/, functions/, infra/) or from what uses it.",
            },
          ],
        },
      ],
    },
  },
);

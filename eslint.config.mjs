/**
 * ESLint runs one rule, typescript-eslint's no-floating-promises, with tsc's types: Biome's
 * noFloatingPromises (biome.jsonc) infers types itself and does not see Bun's declarations,
 * so `server.stop()` or `sink.write()` left unawaited would pass it. Everything else is Biome's.
 * Part of `bun run lint`.
 */
import tseslint from "typescript-eslint";

export default [
  // Mutation testing's sandbox copies (each with its own copy of this file) and its reports.
  { ignores: [".stryker-tmp/", "reports/"] },
  {
    files: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    // Only this config's rule runs: no unused-disable reports for Biome's or tsc's comments.
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: { "@typescript-eslint/no-floating-promises": "error" },
  },
];

/**
 * Import rules for src/ (README "Development" says what each one guards).
 * Run with `bun run depcheck` (also part of `bun run lint`).
 * Type-only imports and lazy `import()`s are dependencies too: a cycle through either
 * still ties the modules together.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "No import cycles anywhere in src/: each module can be read, tested and loaded without the ones above it.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "lower-layers-never-import-commands",
      severity: "error",
      comment: "cli/, api/, output/ and config/ are below commands/: they never import a command or a command helper.",
      from: { path: "^src/(cli|api|output|config)/" },
      to: { path: "^src/commands/" },
    },
    {
      name: "low-layers-never-import-cli",
      severity: "error",
      comment: "api/, output/, config/ and follow/ are below cli/: they never import it; a helper they share with cli/ lives below them (src/printable.ts, src/edit-distance.ts).",
      from: { path: "^src/(api|output|config|follow)/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "declarative-below-commands",
      severity: "error",
      comment:
        "declarative/ (export, plan, apply: the model of a team as one file) uses api/, config/ and output/ only: never a command, the command line (cli/) or the emulator; the commands call it.",
      from: { path: "^src/declarative/" },
      to: { path: "^src/(commands|cli|emulator|follow|release)/" },
    },
    {
      name: "lower-layers-never-import-declarative",
      severity: "error",
      comment: "api/, output/, config/ and cli/ are below declarative/: they never import it.",
      from: { path: "^src/(api|output|config|cli)/" },
      to: { path: "^src/declarative/" },
    },
    {
      name: "emulator-stands-alone",
      severity: "error",
      comment: "The emulator is its own product: it never imports the CLI (cli/) or its commands (commands/).",
      from: { path: "^src/emulator/" },
      to: { path: "^src/(cli|commands)/" },
    },
    {
      name: "cli-reaches-emulator-only-through-its-command",
      severity: "error",
      comment: "Outside the emulator itself (and tests), only the `emulator` command (src/commands/emulator.ts) imports src/emulator/.",
      from: { path: "^src/", pathNot: ["^src/emulator/", "^src/commands/emulator\\.ts$"] },
      to: { path: "^src/emulator/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Count `import type` and type-only specifiers (tsc would erase them) as dependencies.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6", "cjs"],
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

import { noOperationCommand } from "../_no-operation.ts";

export default noOperationCommand(
  "skills generate",
  {
    description: "Draft a skill's SKILL.md from a prompt (not in the public API: exits 1)",
    examples: ['duvo skills generate --prompt "Read supplier invoices and check VAT ids"'],
    notes: "What it would do: have Duvo write a SKILL.md from --prompt, improving --existing-content-file if given.",
  },
  {
    prompt: { type: "string", description: "What the skill should do", valueHint: "text" },
    "existing-content-file": { type: "string", description: "A SKILL.md to improve (- for stdin)", valueHint: "path|-" },
  },
  "Write SKILL.md yourself, then: duvo skills upload SKILL.md (or duvo skills create).",
);

import { leafCommand, type DuvoCommand } from "../cli/command.ts";
import { completeWords, formatCandidates } from "../cli/completion.ts";

/**
 * The completion scripts' callback (see completion-scripts.ts); hidden from help. The root
 * command hands itself in (commands/index.ts), so this file does not import the tree it is in.
 */
export function completeCommand(root: DuvoCommand): DuvoCommand {
  return leafCommand({
    meta: {
      description: "Print what may be typed next on a duvo command line (used by the completion scripts)",
      examples: ["duvo __complete -- 1 runs st    # what completes `duvo runs st`"],
      hidden: true,
    },
    args: {
      words: { type: "positional", description: "How many words precede the one being completed, the words, then that word", required: false, variadic: true },
    },
    async run(args, runtime) {
      const [count, ...words] = args.words;
      const before = Math.max(0, Math.min(Number(count) || 0, words.length));
      const candidates = await completeWords(root, words.slice(0, before), words[before] ?? "", runtime.io.env);
      await runtime.io.stdout.write(formatCandidates(candidates));
    },
  });
}

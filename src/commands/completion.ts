import { leafCommand } from "../cli/command.ts";
import { completionScript, SHELLS, type Shell } from "../cli/completion-scripts.ts";

export default leafCommand({
  meta: {
    description: "Print the shell completion script for bash, zsh, fish or PowerShell",
    examples: [
      'eval "$(duvo completion bash)"                  # in ~/.bashrc',
      'eval "$(duvo completion zsh)"                   # in ~/.zshrc, after compinit',
      "duvo completion fish > ~/.config/fish/completions/duvo.fish",
      "duvo completion powershell | Out-String | Invoke-Expression   # in $PROFILE",
    ],
    notes: `Install
  bash        add  eval "$(duvo completion bash)"  to ~/.bashrc, or save the script as
              ~/.local/share/bash-completion/completions/duvo (loaded on first use)
  zsh         add  eval "$(duvo completion zsh)"  to ~/.zshrc after compinit, or save it
              as _duvo in a folder of $fpath: duvo completion zsh > "\${fpath[1]}/_duvo"
  fish        duvo completion fish > ~/.config/fish/completions/duvo.fish
  powershell  add  duvo completion powershell | Out-String | Invoke-Expression  to $PROFILE
Then open a new shell. Tab completes commands, subcommands, flags, the values of flags
such as --sort-order, and profile names. The script asks duvo itself on each Tab, so it
keeps up with the installed version: no need to regenerate it after \`duvo update\`.`,
  },
  args: {
    shell: { type: "positional", description: "bash, zsh, fish or powershell", required: true, options: [...SHELLS] },
  },
  async run(args, runtime) {
    await runtime.io.stdout.write(completionScript(args.shell as Shell));
  },
});

/**
 * The scripts `duvo completion <shell>` prints. Each is a thin hook: on every Tab it runs
 * `duvo __complete -- <n> <word>... <current>` (n = how many words come before the one
 * being completed, so a shell that drops an empty argument, as Windows PowerShell 5.1
 * does, is still understood) and offers the lines it prints, `value<TAB>description`.
 * The answers come from the installed binary's own command tree (completion.ts), so the
 * scripts never need regenerating after an update.
 * They run the command as typed (`duvo`, `./duvo`, `duvo.exe`), quote every word, and
 * need no completion framework (bash works without the bash-completion package, and
 * with bash 3.2 as macOS ships it).
 */
export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = (typeof SHELLS)[number];

const HEADER = (shell: string) =>
  `# ${shell} completion for duvo, printed by \`duvo completion ${shell.toLowerCase()}\` (see \`duvo completion --help\`).\n` +
  "# It asks duvo itself what to offer, so it keeps up with the installed version.\n";

const BASH = `${HEADER("bash")}
_duvo_completions() {
  local -a words=() replies=()
  local i word last glue line=\${COMP_LINE:0:\${COMP_POINT:-\${#COMP_LINE}}} offset=0 before
  # Bash splits "--flag=value" and "a:b" into pieces (COMP_WORDBREAKS): glue back the
  # pieces that no blank separates in the line (or, without COMP_LINE, the "=" and ":").
  for ((i = 0; i <= COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    last=$((\${#words[@]} - 1))
    glue=
    if [[ -n $line ]]; then
      before=\${line:offset}
      before=\${before%%"$word"*}
      offset=$((offset + \${#before} + \${#word}))
      [[ $i -gt 1 && -n $word && -z $before ]] && glue=1
    elif [[ $i -gt 1 && ( $word == [=:] || \${words[last]} == *[=:] ) ]]; then
      glue=1
    fi
    if [[ $i -eq 0 ]]; then
      :
    elif [[ -n $glue ]]; then
      words[last]=\${words[last]}$word
    else
      words[\${#words[@]}]=$word
    fi
  done
  last=$((\${#words[@]} - 1))
  # Bash replaces only the text after the last break ("" right after "=" or ":"): strip
  # what comes before it from every answer.
  local piece=\${COMP_WORDS[COMP_CWORD]}
  [[ $piece == "=" || $piece == ":" ]] && piece=
  local prefix=\${words[last]%"$piece"}
  while IFS= read -r line; do
    line=\${line%%$'\\t'*}
    [[ -n $line && $line == "$prefix"* ]] && replies[\${#replies[@]}]=\${line#"$prefix"}
  done < <("\${COMP_WORDS[0]}" __complete -- "$last" "\${words[@]}" 2>/dev/null)
  COMPREPLY=("\${replies[@]}")
}
complete -F _duvo_completions duvo
`;

const ZSH = `#compdef duvo
${HEADER("zsh")}
_duvo() {
  local -a candidates
  local line value description
  while IFS= read -r line; do
    [[ -n $line ]] || continue
    value=\${line%%$'\\t'*}
    description=\${line#*$'\\t'}
    [[ $line == *$'\\t'* ]] || description=
    candidates+=("\${value//:/\\\\:}\${description:+:$description}")
  done < <("\${words[1]}" __complete -- $((CURRENT - 2)) "\${(@)words[2,CURRENT]}" 2>/dev/null)
  _describe -t duvo duvo candidates
}

# Loaded from $fpath (autoload) it runs at once; sourced, it registers itself.
if [[ \${funcstack[1]} == _duvo ]]; then
  _duvo "$@"
else
  compdef _duvo duvo
fi
`;

const FISH = `${HEADER("fish")}
function __duvo_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    $tokens[1] __complete -- (math (count $tokens) - 1) $tokens[2..-1] "$current" 2>/dev/null
end

complete -c duvo -f -a '(__duvo_complete)'
`;

const POWERSHELL = `${HEADER("PowerShell")}
Register-ArgumentCompleter -Native -CommandName duvo, duvo.exe -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $elements = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition })
    $words = @($elements | Select-Object -Skip 1 | ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }
    $program = $elements[0].Extent.Text
    # '--' quoted: some PowerShell versions drop a bare -- on its way to a native command.
    & $program __complete '--' $words.Count @words $wordToComplete 2>$null | ForEach-Object {
        $value, $description = $_ -split "\`t", 2
        if (-not $description) { $description = $value }
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $description)
    }
}
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH, powershell: POWERSHELL }[shell];
}

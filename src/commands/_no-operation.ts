/**
 * Commands of the official CLI that the public API offers no operation for: they exist (so a
 * script or an agent's instructions find them, and `--help` says what they would do), take the
 * official flags, send nothing, and exit 1 with one line saying so. No unpublished endpoint is guessed.
 */
import { jsonArgs, leafCommand, type DuvoArgsDef, type DuvoCommand, type DuvoCommandMeta } from "../cli/command.ts";
import { CliError } from "../errors.ts";

export function noOperationCommand(command: string, meta: DuvoCommandMeta, args: DuvoArgsDef, instead: string): DuvoCommand {
  return leafCommand({
    meta: { ...meta, notes: `${meta.notes ? `${meta.notes}\n` : ""}The public Duvo API offers no operation for this: duvo ${command} sends nothing and exits 1.\n${instead}` },
    args: { ...args, ...jsonArgs },
    async run() {
      throw new CliError(`the public Duvo API offers no operation for "duvo ${command}"; ${instead.charAt(0).toLowerCase()}${instead.slice(1).replace(/\.$/, "")}`);
    },
  });
}

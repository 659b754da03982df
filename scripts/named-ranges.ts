/**
 * Names parts of a source file for the mutation tester (scripts/mutate.ts) by what they are
 * called, not by line numbers that drift when the file changes: `src/api/client.ts#backoffMs`
 * is the lines of the declaration named `backoffMs`, `file#first..last` runs from the start of
 * `first` to the end of `last`. Resolved when the run starts, from the file's syntax tree
 * (TypeScript's parser), into Stryker's `file:start-end` line ranges; a name that no longer
 * exists, or that names two declarations, is an error.
 *
 * What has a name: functions, classes and their members (methods, accessors, properties),
 * interfaces, type aliases, enums and variables (`const send = …`). A nested one is also known
 * by its path, `createApiClient.withRetries`; the bare name is enough when it is unique.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export interface NamedDeclaration {
  /** The name with the names of the declarations around it: `createApiClient.withRetries`. */
  path: string;
  /** 1-based, from the first token (after its doc comment) to the last. */
  startLine: number;
  endLine: number;
}

/** Every named declaration of a file's text, nested ones included, in source order. */
export function declarationsOf(text: string, fileName = "file.ts"): NamedDeclaration[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: NamedDeclaration[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node, outer: string[]) => {
    const name = nameOf(node);
    let inner = outer;
    if (name !== undefined) {
      // A variable's lines are its statement's (`const` to `;`) when it is the only one declared there.
      const list = ts.isVariableDeclaration(node) ? node.parent : undefined;
      const whole = list && ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(list.parent) ? list.parent : node;
      inner = [...outer, name];
      found.push({ path: inner.join("."), startLine: lineOf(whole.getStart(source)), endLine: lineOf(whole.getEnd()) });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return found;
}

function nameOf(node: ts.Node): string | undefined {
  const named =
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isVariableDeclaration(node);
  if (!named) return undefined;
  const name = (node as ts.NamedDeclaration).name;
  return name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** The one declaration a name (or a path's tail, `withRetries` for `createApiClient.withRetries`) stands for. */
export function findDeclaration(declarations: NamedDeclaration[], name: string, where: string): NamedDeclaration {
  const matches = declarations.filter((declaration) => declaration.path === name || declaration.path.endsWith(`.${name}`));
  if (matches.length === 0) throw new Error(`${where}: no declaration named ${name} (renamed or removed? update scripts/mutate.ts)`);
  if (matches.length > 1) throw new Error(`${where}: ${name} names ${matches.length} declarations (${matches.map((match) => match.path).join(", ")}); give its path`);
  return matches[0]!;
}

/**
 * A `mutate` entry as Stryker takes it: `file#name` or `file#first..last` becomes
 * `file:start-end`; anything else (a glob, a whole file, a line range) is passed on as it is.
 */
export function resolveNamedRange(entry: string, root: string, read: (path: string) => string = (path) => readFileSync(path, "utf8")): string {
  const hash = entry.indexOf("#");
  if (hash < 0) return entry;
  const file = entry.slice(0, hash);
  const [first, last = first, ...rest] = entry.slice(hash + 1).split("..");
  if (!first || !last || rest.length > 0) throw new Error(`${entry}: expected file#name or file#first..last`);
  const declarations = declarationsOf(read(join(root, file)), file);
  const start = findDeclaration(declarations, first, file);
  const end = findDeclaration(declarations, last, file);
  if (end.endLine < start.startLine) throw new Error(`${entry}: ${last} ends before ${first} starts`);
  return `${file}:${start.startLine}-${end.endLine}`;
}

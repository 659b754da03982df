/**
 * `duvo api`'s -f/-F fields, built into one JSON object the way `gh api` builds its
 * parameters (cli/cli pkg/cmd/api/fields.go, parseFields), with the official Duvo CLI's
 * rules where it states its own:
 *
 * - `key=value`; `key[sub]=value` nests objects (any depth); `key[]=value` appends to an
 *   array (each element typed on its own); `key[][sub]=value` builds an array of objects
 *   (a new element starts when `sub` is already set in the last one); `key[]` alone is [].
 * - -f is always a string. -F is typed: an integer or decimal number in JSON's spelling
 *   (42, -7, 3.14; not 1e3, 007 or a whole number beyond 2^53), true, false, null, or
 *   `@file` / `@-` (stdin): the file's JSON, parsed. Anything else stays a string.
 * - All -f fields are applied before all -F fields (gh's order): an array that mixes them
 *   holds the -f elements first, and the same key given with -f and -F takes the -F value
 *   (the official CLI: "the typed value wins regardless of argument order").
 * - The same key twice with one flag, or `key` with `key[]` / `key[sub]`, is a usage error
 *   ("Conflicting field"), never a value silently dropped.
 */
import { UsageError } from "../errors.ts";
import { printable } from "../printable.ts";
import { readFileFor } from "./_files.ts";

export type StdinReader = (what: string) => Promise<string>;
type Json = unknown;
type JsonObject = Record<string, Json>;

/** Integers and decimals as JSON writes them; a whole number must survive a double exactly. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

export async function buildFields(raw: readonly string[], typed: readonly string[], stdin: StdinReader): Promise<JsonObject> {
  const fields: JsonObject = {};
  /** Paths (keys joined) whose value came from -f: a -F of the same path replaces it. */
  const fromRaw = new Set<string>();
  for (const entry of raw) await setField(fields, entry, "-f", fromRaw, async () => textOf(entry));
  for (const entry of typed) await setField(fields, entry, "-F", fromRaw, (key) => typedValue(textOf(entry), key, stdin));
  return fields;
}

function textOf(entry: string): string {
  return entry.slice(entry.indexOf("=") + 1);
}

/** gh's key grammar: `name`, then `[part]`s, up to the first `=`. */
function keyStack(entry: string, flag: string): { keys: string[]; hasValue: boolean } {
  const keys: string[] = [];
  let partStart = -1;
  for (let i = 0; i < entry.length; i++) {
    const char = entry[i];
    if (char === "[") {
      if (partStart < 0) keys.push(entry.slice(0, i));
      partStart = i + 1;
    } else if (char === "]") {
      keys.push(entry.slice(Math.max(partStart, 0), i));
    } else if (char === "=") {
      if (partStart < 0) keys.push(entry.slice(0, i));
      return checked(keys, true);
    }
  }
  return checked(keys, false);

  function checked(found: string[], hasValue: boolean) {
    // `key[]` with no `=` is an empty array; any other key needs a value.
    if (found.length === 0 || found[0] === "" || (!hasValue && found.at(-1) !== "")) throw new UsageError(`invalid ${flag} "${printable(entry)}": expected key=value`);
    return { keys: found, hasValue };
  }
}

function isObject(value: Json): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function conflict(name: string, detail: string): UsageError {
  return new UsageError(`Conflicting field "${printable(name)}": ${detail}`);
}

async function setField(fields: JsonObject, entry: string, flag: "-f" | "-F", fromRaw: Set<string>, value: (key: string) => Promise<Json>): Promise<void> {
  const { keys, hasValue } = keyStack(entry, flag);
  const name = hasValue ? entry.slice(0, entry.indexOf("=")) : entry;
  const parsed = hasValue ? await value(name) : undefined;
  // Walk gh's way: each named part opens an object, or (after `[]`) the last object of an array.
  let target = fields;
  let isArray = false;
  let subkey = "";
  let path = "";
  for (const key of keys) {
    if (key === "") {
      isArray = true;
      continue;
    }
    if (subkey !== "") {
      target = isArray ? objectInArray(target, subkey, key, name) : objectAt(target, subkey, name);
      isArray = false;
    }
    subkey = key;
    path += `[${key}]`;
  }
  const existing = target[subkey];
  if (isArray) {
    if (existing !== undefined && !Array.isArray(existing)) throw conflict(subkey, `${subkey} and ${subkey}[] cannot be mixed: pick one`);
    const list = (existing as Json[] | undefined) ?? [];
    if (hasValue) list.push(parsed);
    target[subkey] = list;
    return;
  }
  if (existing !== undefined) {
    if (Array.isArray(existing)) throw conflict(subkey, `${subkey} and ${subkey}[] cannot be mixed: pick one`);
    if (isObject(existing)) throw conflict(subkey, `${subkey} and ${subkey}[…] cannot be mixed: pick one`);
    // The same key from -f and then -F: the typed value wins. Twice from one flag: refused.
    if (!(flag === "-F" && fromRaw.has(path))) throw new UsageError(`field "${printable(name)}" was given more than once`);
    fromRaw.delete(path);
  } else if (flag === "-f") fromRaw.add(path);
  target[subkey] = parsed;
}

/** `key[…]`: the object under key, created if missing. */
function objectAt(target: JsonObject, key: string, name: string): JsonObject {
  const existing = target[key];
  if (existing === undefined) return (target[key] = {}) as JsonObject;
  if (isObject(existing)) return existing;
  throw conflict(key, Array.isArray(existing) ? `${key}[] and ${key}[…] cannot be mixed: pick one` : `${key} and ${key}[…] cannot be mixed: pick one (in ${printable(name)})`);
}

/** `key[][next]`: the array's last object if it has no `next` yet, else a new object appended. */
function objectInArray(target: JsonObject, key: string, next: string, name: string): JsonObject {
  const existing = target[key];
  if (existing === undefined) {
    const first: JsonObject = {};
    target[key] = [first];
    return first;
  }
  if (!Array.isArray(existing)) throw conflict(key, `${key} and ${key}[] cannot be mixed: pick one (in ${printable(name)})`);
  const last = existing.at(-1);
  if (isObject(last) && (!(next in last) || Array.isArray(last[next]))) return last;
  const fresh: JsonObject = {};
  existing.push(fresh);
  return fresh;
}

/** -F: numbers, booleans and null as JSON; `@file` (or `@-`) as the JSON in it; else the text. */
async function typedValue(text: string, key: string, stdin: StdinReader): Promise<Json> {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (NUMBER.test(text)) {
    const number = Number(text);
    return text.includes(".") || Number.isSafeInteger(number) ? number : text;
  }
  if (!text.startsWith("@")) return text;
  const file = text.slice(1);
  const content = file === "-" ? await stdin(`-F ${key}=@-`) : readFileFor(file, `-F ${key}`);
  try {
    return JSON.parse(content);
  } catch {
    throw new UsageError(`-F ${printable(key)}=@${printable(file)}: ${file === "-" ? "stdin" : "the file"} does not hold valid JSON`);
  }
}

/**
 * Fields of a GET or HEAD as query parameters: strings as they are, numbers and booleans
 * as text, null as an empty value (gh's), an object or array as its JSON text (the
 * official CLI's: `-F filter=@f.json` is `?filter={…}`).
 */
export function queryValue(value: Json): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

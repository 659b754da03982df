/** What the generated schema modules (src/api/generated/) use besides valibot itself. */
import * as v from "valibot";

/**
 * An enum in an API answer: the values the document lists are typed, and any other string
 * passes (the API adds values before clients learn them; unknown statuses are shown as they are).
 */
export function openEnum<const T extends readonly string[]>(values: T) {
  return v.custom<T[number] | (string & {})>((input) => typeof input === "string", `expected a string such as ${values.slice(0, 3).join(", ")}`);
}

/** Any value: the answer of an operation that documents none (a 204, a redirect). */
export const anything = () => v.unknown();

/** A value built on first call and kept: a module of 40 operations' schemas costs nothing until one is used. */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

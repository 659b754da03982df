/**
 * An enum in an API answer: the values the document lists are typed, and any other string
 * passes (the API adds values before clients learn them; unknown statuses are shown as they are).
 */
import * as v from "valibot";

export function openEnum<const T extends readonly string[]>(values: T) {
  return v.custom<T[number] | (string & {})>((input) => typeof input === "string", `expected a string such as ${values.slice(0, 3).join(", ")}`);
}

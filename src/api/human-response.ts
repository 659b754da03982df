/**
 * A human's response to a request, as the API wants it: `{approved}` for an approval, or
 * `{answers: {<question text>: <answer>}}`, from `--answer <question>=<answer>` flags or
 * asked at a prompt.
 * The key matches, in order, the question's number ("1", "2", …), its header, its text
 * (case-insensitive). Answers equal to an option label up to case are sent as that label;
 * multi-select answers are comma-separated and sent as `A,B`.
 */
import type { HumanRequest, HumanResponseBody, Question } from "./schemas.ts";
import { printable } from "../printable.ts";
import { UsageError } from "../errors.ts";
import { sanitizeLine } from "../output/style.ts";

export interface AnswerPair {
  key: string;
  answer: string;
}

/** The prompts `askForResponse` needs; the runtime's prompter (cli/runtime.ts) has them. */
export interface ResponsePrompter {
  confirm(message: string, initial?: boolean): Promise<boolean>;
  text(message: string): Promise<string>;
  select(message: string, options: { label: string; hint?: string }[]): Promise<string>;
  multiselect(message: string, options: { label: string; hint?: string }[]): Promise<string[]>;
}

/** Checks the shape of each `--answer` before any request is sent. */
export function parseAnswerFlags(values: string[]): AnswerPair[] {
  return values.map((value) => {
    const split = value.indexOf("=");
    if (split <= 0) throw new UsageError(`invalid --answer "${printable(value)}": expected <question-id>=<answer-text>`);
    const key = value.slice(0, split).trim();
    const answer = value.slice(split + 1);
    if (!key) throw new UsageError(`invalid --answer "${printable(value)}": the question id is empty`);
    if (answer.trim() === "") throw new UsageError(`invalid --answer "${printable(value)}": the answer is empty`);
    return { key, answer };
  });
}

export function findQuestion(questions: Question[], key: string): number {
  const wanted = key.trim().toLowerCase();
  if (/^\d+$/.test(wanted)) {
    const index = Number(wanted) - 1;
    if (index >= 0 && index < questions.length) return index;
  }
  for (const field of ["header", "question"] as const) {
    const matches = questions.flatMap((question, index) => (question[field]?.trim().toLowerCase() === wanted ? [index] : []));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new UsageError(`--answer key "${printable(key)}" matches questions ${matches.map((index) => index + 1).join(" and ")}; use the number`);
    }
  }
  const known = questions.map((question, index) => `${index + 1}${question.header ? ` (${question.header})` : ""}`).join(", ");
  throw new UsageError(`--answer key "${printable(key)}" matches no question; questions are ${known}`);
}

/** An answer as the API wants it: option labels spelled as the agent wrote them. */
export function normaliseAnswer(question: Question, answer: string): string {
  const options = question.options ?? [];
  const toLabel = (text: string) => options.find((option) => option.label.toLowerCase() === text.trim().toLowerCase())?.label;
  if (question.multi_select && options.length) {
    const parts = answer
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    return parts.map((part) => toLabel(part) ?? part).join(",");
  }
  return toLabel(answer) ?? answer;
}

export function buildAnswers(questions: Question[], pairs: AnswerPair[]): Record<string, string> {
  const chosen = new Map<number, string>();
  for (const { key, answer } of pairs) {
    const index = findQuestion(questions, key);
    if (chosen.has(index)) throw new UsageError(`question ${index + 1} was answered more than once`);
    chosen.set(index, normaliseAnswer(questions[index]!, answer));
  }
  const missing = questions.flatMap((question, index) => (chosen.has(index) ? [] : [`${index + 1} (${printable(question.header ?? question.question)})`]));
  if (missing.length) {
    throw new UsageError(`every question needs an answer; missing: ${missing.join(", ")}`);
  }
  return Object.fromEntries([...chosen].sort(([a], [b]) => a - b).map(([index, answer]) => [questions[index]!.question, answer]));
}

/** Asks at the terminal: a yes/no for an approval; each question as a select, a multi-select or free text. */
export async function askForResponse(prompter: ResponsePrompter, request: HumanRequest): Promise<HumanResponseBody> {
  if (request.type !== "question") {
    return { approved: await prompter.confirm(`Approve: ${sanitizeLine(request.title)}?`, false) };
  }
  const answers: Record<string, string> = {};
  for (const question of request.questions ?? []) {
    const label = `${question.header ? `[${sanitizeLine(question.header)}] ` : ""}${sanitizeLine(question.question)}`;
    const options = (question.options ?? []).map((option) => ({
      label: option.label,
      hint: option.description ? sanitizeLine(option.description) : undefined,
    }));
    let answer: string;
    if (!options.length) answer = await prompter.text(label);
    else if (question.multi_select) answer = (await prompter.multiselect(label, options)).join(",");
    else answer = await prompter.select(label, options);
    answers[question.question] = normaliseAnswer(question, answer);
  }
  return { answers };
}

/** "Approved", "Denied" or "Answered": what a response did, for the line that confirms it. */
export function responseVerb(body: HumanResponseBody): string {
  return "approved" in body ? (body.approved ? "Approved" : "Denied") : "Answered";
}

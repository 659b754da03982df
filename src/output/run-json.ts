/**
 * The CLI's JSON is a superset of the API's (docs/contract.md, "The JSON of the runs commands"
 * promises"): every API field kept as is, plus `content` on every message, numbered
 * question ids, and the pending human request appended as one message entry.
 */
import type { HumanRequest, Message, Question } from "../api/schemas.ts";

export type NumberedQuestion = Question & { id: string };
export type NumberedHumanRequest = Omit<HumanRequest, "questions"> & { questions?: NumberedQuestion[] };
export type MessageWithContent = Message & { content: string };

export interface HumanRequestEntry {
  id: string;
  type: "human_request";
  status: "pending";
  role: "system";
  timestamp: string;
  content: string;
  request_type: string;
  title: string;
  description: string | null;
  questions: NumberedQuestion[] | undefined;
}

/** `content`: the text, else `name(args)` for a tool call, else the tool result or `error: ...`, else "". */
export function messageContent(message: Message): string {
  if (typeof message.text_content === "string") return message.text_content;
  if (message.tool_call) {
    const args = message.tool_call.arguments === undefined ? "" : JSON.stringify(message.tool_call.arguments);
    return `${message.tool_call.name}(${args ?? ""})`;
  }
  if (message.tool_result) {
    const { result, error } = message.tool_result;
    if (result !== undefined && result !== null) return typeof result === "string" ? result : JSON.stringify(result);
    if (typeof error === "string") return `error: ${error}`;
    if (result === null) return "null";
  }
  return "";
}

export function withContent(message: Message): MessageWithContent {
  return { ...message, content: messageContent(message) };
}

export function numberQuestions(request: HumanRequest): NumberedHumanRequest {
  if (!request.questions) return request as NumberedHumanRequest;
  return { ...request, questions: request.questions.map((question, index) => ({ id: String(index + 1), ...question })) };
}

export function humanRequestEntry(request: HumanRequest): HumanRequestEntry {
  const numbered = numberQuestions(request);
  return {
    id: request.id,
    type: "human_request",
    status: "pending",
    role: "system",
    timestamp: request.created_at,
    content: request.title,
    request_type: request.type,
    title: request.title,
    description: request.description ?? null,
    questions: numbered.questions,
  };
}

/** Compact for scripts, indented for people (indented on a TTY). */
export function formatJson(value: unknown, indent: boolean): string {
  return `${JSON.stringify(value, null, indent ? 2 : undefined)}\n`;
}

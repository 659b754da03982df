/** Human output for runs: the transcript, the pending request block, the key/value view. */
import type { HumanRequest, Message, Run } from "../api/schemas.ts";
import { isTerminal, needsHuman } from "../api/schemas.ts";
import { renderKeyValues } from "./key-values.ts";
import { messageContent } from "./run-json.ts";
import { sanitize, sanitizeLine, type Style } from "./style.ts";

export interface TranscriptOptions {
  style: Style;
  /** Local HH:MM:SS on a terminal, the exact ISO timestamp otherwise. */
  shortTimes: boolean;
}

const ROLE_WIDTH = 9;
const ONE_LINER_LIMIT = 160;

/** Remembers tool-call names so a result can say which call it answers. */
export class TranscriptRenderer {
  private readonly toolNames = new Map<string, string>();
  constructor(private readonly options: TranscriptOptions) {}

  renderMessage(message: Message): string {
    const { style } = this.options;
    const time = style.dim(this.formatTime(message.timestamp));
    const role = sanitizeLine(message.role).padEnd(ROLE_WIDTH);
    const coloredRole = message.role === "assistant" ? style.cyan(role) : message.role === "user" ? style.green(role) : style.magenta(role);
    const prefix = `${time}  ${coloredRole}  `;
    if (message.tool_call && typeof message.text_content !== "string") {
      this.toolNames.set(message.tool_call.id, message.tool_call.name);
      return `${prefix}${style.dim("→")} ${oneLine(messageContent(message))}\n`;
    }
    if (message.tool_result && typeof message.text_content !== "string") {
      const name = this.toolNames.get(message.tool_result.tool_call_id) ?? "tool";
      const failed = typeof message.tool_result.error === "string" && (message.tool_result.result ?? null) === null;
      const text = `${sanitizeLine(name)}: ${oneLine(messageContent(message))}`;
      return `${prefix}${style.dim("←")} ${failed ? style.red(text) : text}\n`;
    }
    const text = sanitize(messageContent(message)).replace(/\s+$/, "");
    const indent = " ".repeat(this.formatTime(message.timestamp).length + ROLE_WIDTH + 4);
    return `${prefix}${text.split("\n").join(`\n${indent}`)}\n`;
  }

  private formatTime(timestamp: string): string {
    if (!this.options.shortTimes) return timestamp;
    const date = new Date(timestamp);
    return Number.isNaN(date.getTime()) ? timestamp : date.toTimeString().slice(0, 8);
  }
}

function oneLine(text: string): string {
  const line = sanitizeLine(text);
  return line.length > ONE_LINER_LIMIT ? `${line.slice(0, ONE_LINER_LIMIT - 1)}…` : line;
}

/** The pending human request as a block that says how to answer it. */
export function renderHumanRequest(runId: string, request: HumanRequest, style: Style): string {
  const lines: string[] = [];
  const bar = style.yellow("│");
  const isQuestion = request.type === "question";
  const heading = isQuestion ? "Question from the agent" : request.type === "approval" ? "Approval needed" : `Human request (${sanitizeLine(request.type)})`;
  lines.push(`${style.yellow("┌")} ${style.bold(`${heading}: ${sanitizeLine(request.title)}`)}`);
  if (request.description) for (const line of sanitize(request.description).split("\n")) lines.push(`${bar} ${line}`);
  const questions = request.questions ?? [];
  questions.forEach((question, index) => {
    const header = question.header ? `[${sanitizeLine(question.header)}] ` : "";
    const multi = question.multi_select ? style.dim(" (one or more, comma-separated)") : "";
    lines.push(`${bar} ${index + 1}. ${header}${sanitizeLine(question.question)}${multi}`);
    for (const option of question.options ?? []) {
      const description = option.description ? style.dim(` - ${sanitizeLine(option.description)}`) : "";
      lines.push(`${bar}      • ${sanitizeLine(option.label)}${description}`);
    }
  });
  lines.push(`${bar} Answer with:`);
  const command = `duvo runs respond ${runId}`;
  if (isQuestion && questions.length) {
    const answers = questions.map((question, index) => `--answer "${index + 1}=${placeholder(question)}"`).join(" ");
    lines.push(`${style.yellow("└")}   ${command} ${answers}`);
  } else {
    lines.push(`${bar}   ${command} --approve`, `${style.yellow("└")}   ${command} --deny`);
  }
  return `${lines.join("\n")}\n`;
}

function placeholder(question: HumanRequest extends { questions?: (infer Q)[] } ? Q : never): string {
  const first = question.options?.[0]?.label;
  if (!first) return "<answer>";
  return question.multi_select && question.options!.length > 1 ? `${sanitizeLine(first)},${sanitizeLine(question.options![1]!.label)}` : sanitizeLine(first);
}

export function statusText(status: string, style: Style): string {
  const text = sanitizeLine(status);
  if (status === "completed") return style.green(text);
  if (isTerminal(status)) return style.red(text);
  if (needsHuman(status)) return style.yellow(text);
  return style.cyan(text);
}

/** `runs get`: aligned key/value lines. */
export function renderRunDetails(run: Run, request: HumanRequest | null | undefined, style: Style): string {
  const text = (value: string | null | undefined) => (value === null || value === undefined ? "-" : sanitizeLine(value));
  const rows: [string, string][] = [
    ["ID", text(run.id)],
    ["Status", statusText(run.status, style)],
    ["Agent", text(run.agent_id)],
    ["Build", text(run.build_id)],
    ["Source", text(run.source)],
    ["Sandbox", text(run.sandbox_id)],
    ["Created", text(run.created_at)],
    ["Started", text(run.started_at)],
    ["Completed", text(run.completed_at)],
    ["Updated", text(run.updated_at)],
    ["Human input", run.human_in_the_loop_enabled === undefined ? "-" : run.human_in_the_loop_enabled ? "enabled" : "disabled"],
  ];
  if (request) rows.push(["Pending", `${text(request.type)} request ${text(request.id)}`]);
  return `${renderKeyValues(rows, style)}${request ? `\n${renderHumanRequest(run.id, request, style)}` : ""}`;
}

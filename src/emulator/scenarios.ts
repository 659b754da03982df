/**
 * The scripted agents. A scenario is a generator of steps; each step says how long after
 * the previous one it happens (in ms at speed 1) and what happens. The run engine
 * (state.ts) applies steps lazily from elapsed time, so nothing runs between requests.
 * An `ask` step pauses the run (`waiting`); the human's reply is what `yield` returns.
 */
import type { Question } from "../api/schemas.ts";

export type ScenarioName = "complete" | "approval" | "question" | "questions" | "fail" | "bulk";

/** How the human answered: a respond body, or a message sent while the run was waiting. */
export type Reply = { approved: boolean } | { answers: Record<string, string> } | { message: string };

export interface Ask {
  type: "approval" | "question";
  title: string;
  description: string | null;
  questions?: Question[];
}

type StepAction =
  | { status: "starting" | "running" }
  | { say: string }
  | { call: { name: string; arguments: Record<string, unknown> } }
  | { toolResult: { result: unknown } | { error: string } }
  | { ask: Ask }
  | { end: "completed" | "failed" };
export type Step = StepAction & { after: number };

export type Script = Generator<Step, void, Reply | undefined>;
type Scenario = (ctx: ScriptContext) => Generator<Step, "completed" | "failed", Reply | undefined>;

export interface ScriptContext {
  /** The start message, if any. */
  message: string | null;
  /** How many messages the bulk agent writes when the start message is not a number. */
  bulkMessages: number;
}

/** Human pace: one step every ~1-2 s at speed 1. */
const PACE = 1500;
/** The bulk agent streams faster: 50 messages a second at speed 1. */
const BULK_PACE = 20;
/** Upper bound for a bulk run, so a typo cannot eat the machine's memory. */
const MAX_BULK_MESSAGES = 100_000;

const say = (text: string, after = PACE): Step => ({ after, say: text });

function* ask(request: Ask): Generator<Step, Reply, Reply | undefined> {
  const reply = yield { after: PACE, ask: request };
  // The engine always resumes an `ask` with a reply; this only satisfies the types.
  return reply ?? { message: "" };
}

const INVOICE = { id: "INV-2024-0042", vendor: "Acme Supplies", amount: "1,250.00 EUR" };

export const APPROVAL_REQUEST: Ask = {
  type: "approval",
  title: `Approve payment to ${INVOICE.vendor}`,
  description: `Pay invoice ${INVOICE.id}: ${INVOICE.amount} to ${INVOICE.vendor} GmbH.`,
};

export const FOLLOW_UP_QUESTION = "What should the follow-up email to Northwind Traders say?";
export const REGION_QUESTION = "Which region should get the release first?";
export const CHANNELS_QUESTION = "Which channels should announce the release?";

const scenarios: Record<ScenarioName, Scenario> = {
  *complete() {
    yield say(`Looking up invoice ${INVOICE.id} in the ledger.`);
    yield { after: 1000, call: { name: "lookup_invoice", arguments: { invoice_id: INVOICE.id } } };
    yield {
      after: 2000,
      toolResult: {
        result: { invoice_id: INVOICE.id, amount: 1250, currency: "EUR", status: "paid", payment_id: "PAY-88121" },
      },
    };
    yield say(`Invoice ${INVOICE.id} is reconciled: ${INVOICE.amount} matched to payment PAY-88121.`);
    return "completed";
  },

  *approval() {
    yield say(`Invoice ${INVOICE.id} from ${INVOICE.vendor} is due: ${INVOICE.amount}. I need your approval to pay it.`);
    const reply = yield* ask(APPROVAL_REQUEST);
    // A plain message (no explicit decision) counts as approval: the default branch.
    if ("approved" in reply && !reply.approved) {
      yield say(`Payment cancelled: nothing was sent to ${INVOICE.vendor}.`);
      return "completed";
    }
    const args = { vendor: INVOICE.vendor, invoice_id: INVOICE.id, amount: 1250, currency: "EUR" };
    yield { after: 1000, call: { name: "send_payment", arguments: args } };
    yield { after: 2000, toolResult: { result: { payment_id: "PAY-90031", status: "sent" } } };
    yield say(`Payment sent: ${INVOICE.amount} to ${INVOICE.vendor} (PAY-90031).`);
    return "completed";
  },

  *question() {
    yield say("I drafted the follow-up for Northwind Traders, but I need one detail from you.");
    const reply = yield* ask({
      type: "question",
      title: "Follow-up content",
      description: "Tell me what the email should say.",
      questions: [{ question: FOLLOW_UP_QUESTION, header: "Follow-up" }],
    });
    const answer = "answers" in reply ? reply.answers[FOLLOW_UP_QUESTION] : "message" in reply ? reply.message : "";
    yield say(`Thanks. The follow-up to Northwind Traders will say: ${answer}`);
    return "completed";
  },

  *questions() {
    yield say("I'm preparing the release plan and need two decisions from you.");
    const reply = yield* ask({
      type: "question",
      title: "Release plan decisions",
      description: "Pick the first region and the announcement channels.",
      questions: [
        {
          question: REGION_QUESTION,
          header: "Region",
          options: [
            { label: "EU", description: "Europe, from the Frankfurt data centre" },
            { label: "US", description: "United States, from Virginia" },
            { label: "APAC", description: "Asia-Pacific, from Singapore" },
          ],
        },
        {
          question: CHANNELS_QUESTION,
          header: "Channels",
          multi_select: true,
          options: [
            { label: "Email", description: "Newsletter to all customers" },
            { label: "Slack", description: "The community Slack" },
            { label: "Blog", description: "A post on the company blog" },
          ],
        },
      ],
    });
    // Without explicit answers (a plain message) the first option of each question is the default.
    const answers = "answers" in reply ? reply.answers : { [REGION_QUESTION]: "EU", [CHANNELS_QUESTION]: "Email" };
    yield say(`Release plan ready: first region ${answers[REGION_QUESTION]}, announced on ${answers[CHANNELS_QUESTION]}.`);
    return "completed";
  },

  *fail() {
    yield say("Importing customers.csv into the CRM.");
    yield { after: 1000, call: { name: "import_csv", arguments: { file: "customers.csv", target: "crm" } } };
    yield { after: 2000, toolResult: { error: 'Row 42: missing required column "email"' } };
    return "failed";
  },

  *bulk(ctx) {
    const n = bulkCount(ctx);
    for (let i = 1; i <= n; i++) yield say(`Exported record ${i} of ${n}.`, BULK_PACE);
    return "completed";
  },
};

/** The bulk agent writes as many messages as its start message says, if it is a positive integer. */
function bulkCount(ctx: ScriptContext): number {
  const m = ctx.message?.trim() ?? "";
  const n = /^\d+$/.test(m) ? Number(m) : 0;
  return Math.min(n > 0 ? n : ctx.bulkMessages, MAX_BULK_MESSAGES);
}

/** A whole run: the lifecycle around the scenario itself. */
export function* runScript(name: ScenarioName, ctx: ScriptContext): Script {
  yield { after: 300, status: "starting" };
  yield { after: 700, status: "running" };
  const end = yield* scenarios[name](ctx);
  yield { after: 500, end };
}

/** What a run does when a message arrives while it is waiting, completed or interrupted. */
export const acknowledge = (text: string): Step => say(`Got your message: ${text}`, 1000);

/**
 * Injected faults for reliability tests and `duvo emulator --faults`: each response may,
 * with a given probability, be replaced by a 429, a 5xx, a 422 (the platform's refusal of a
 * request it cannot process, which no rule of the emulator produces), a dropped connection, a slow
 * answer, a malformed body or a schema-breaking body; or a change request may take effect and
 * then fail its answer (`stored-500`: a 500, `stored-cut`: a dropped connection), so the
 * client cannot know whether it did; `stored-part` stores only the first half of a batch of
 * cases (`cases` in the body) and then answers 500; `stored-late` answers 500 at once and
 * applies the change later (within `lateMs`); `twice` delivers the request twice (as a proxy
 * that retried it would), answering the first delivery. The late and the second application
 * ignore the Idempotency-Key, as a platform that has none for the operation does (case
 * creation). A seeded generator makes a run of faults repeatable.
 */
const FAULT_KINDS = ["429", "500", "502", "503", "422", "reset", "slow", "malformed", "schema", "stored-500", "stored-cut", "stored-part", "stored-late", "twice"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface FaultOptions {
  rates: FaultRates;
  /** Seed of the generator: the same seed gives the same faults for the same requests. */
  seed?: number;
  /** How long a `slow` response is held back, in ms (default 2,000). */
  slowMs?: number;
  /** How long after its 500 a `stored-late` change takes effect, in ms (default 500). */
  lateMs?: number;
  /** Only requests with these methods get faults (default: all). */
  methods?: string[];
  /** Only requests routed to these operations (operation ids) get faults (default: all). */
  operations?: string[];
}

/** `500:0.1,429:0.05,reset:0.05` → rates. Throws an Error with a one-line message. */
export function parseFaultSpec(spec: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of spec.split(",").flatMap((item) => item.trim() || [])) {
    const [kind, value, extra] = part.split(":");
    if (!FAULT_KINDS.includes(kind as FaultKind) || value === undefined || extra !== undefined) {
      throw new Error(`invalid fault "${part}": expected <kind>:<probability> with kind one of ${FAULT_KINDS.join(", ")}`);
    }
    const probability = Number(value);
    if (!(probability >= 0 && probability <= 1)) throw new Error(`invalid probability "${value}" for ${kind}: expected 0 to 1`);
    rates[kind as FaultKind] = probability;
  }
  const total = Object.values(rates).reduce((sum, rate) => sum + rate, 0);
  if (total > 1) throw new Error(`fault probabilities add up to ${total}, more than 1`);
  return rates;
}

/** mulberry32: tiny, fast, and good enough to spread faults evenly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether requests of this method and operation may get faults from this rule. */
function applies(rule: FaultOptions, method: string, operationId: string | undefined): boolean {
  if (rule.methods && !rule.methods.includes(method)) return false;
  return !rule.operations || (operationId !== undefined && rule.operations.includes(operationId));
}

/** A response whose connection drops before the body arrives (the client sees ECONNRESET). */
export function droppedConnection(): Response {
  return new Response(new ReadableStream({ pull: (controller) => controller.error(undefined) }));
}

/**
 * One or more fault rules: a request gets its fault from the first rule that applies to its
 * method and operation (e.g. 35% on case creation and 20% on reads), drawn from that rule's
 * own seeded generator. Counts are summed over the rules.
 */
export class FaultPlan {
  readonly counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  /** How long a `slow` response is held back: the first rule's. */
  readonly slowMs: number;
  /** How long after its answer a `stored-late` change takes effect: the first rule's. */
  readonly lateMs: number;
  private readonly rules: { options: FaultOptions; random: () => number }[];

  constructor(options: FaultOptions | FaultOptions[]) {
    this.rules = (Array.isArray(options) ? options : [options]).map((rule) => ({ options: rule, random: seededRandom(rule.seed ?? 1) }));
    this.slowMs = this.rules[0]?.options.slowMs ?? 2_000;
    this.lateMs = this.rules[0]?.options.lateMs ?? 500;
  }

  /** The fault for the next response, if any. */
  pick(method: string, operationId?: string): FaultKind | undefined {
    const rule = this.rules.find(({ options }) => applies(options, method, operationId));
    if (!rule) return undefined;
    const roll = rule.random();
    let edge = 0;
    for (const kind of FAULT_KINDS) {
      edge += rule.options.rates[kind] ?? 0;
      if (roll < edge) {
        this.counts[kind]++;
        return kind;
      }
    }
    return undefined;
  }
}

/**
 * `cases create --from-file`: every case of the file in the queue exactly once, through
 * 5xx, cut connections, Ctrl-C, kill -9 and re-runs, although the API has no idempotency key.
 *
 * How the CLI knows its own cases: each case of an import carries one label,
 * `duvo-import=<12 hex digits of the SHA-256 of the file's bytes>` (the same label on every case
 * of that file, so one label per import on the queue). Before sending, the queue's cases with
 * that label are read (search by label); each is matched to a row of the file by its content
 * (title, data, priority), as a multiset: a file with two identical rows needs two such cases.
 * Rows matched are already there; the rest are sent, 100 a request, one request at a time.
 * When a request's outcome is unknown (a 5xx, a cut connection, an unreadable answer), the
 * CLI waits for the outcome to be final (the answer came or the connection closed), then
 * counts the label's cases again: all of the batch there → done; none → sent again; some →
 * only the missing rows are sent. Cases someone else added lack the label and never count.
 * A request can also take effect twice (delivered twice on the way) or after its 5xx answer
 * (a late write), and neither shows in the answer. So every import ends by counting the
 * label's cases (one request); when there are more than the file's rows, the surplus (the
 * newest cases beyond each row's count in the file) is deleted. When an outcome was unknown,
 * that count waits SETTLE_MS first, for late writes to land.
 * Residual risk: a write that lands later than that, or a duplicate that an agent already
 * started working (deleting a case interrupts its run), before it is deleted.
 */
import type { Call } from "../../api/call.ts";
import { UncertainOutcomeError } from "../../api/client.ts";
import type { Runtime } from "../../cli/runtime.ts";
import { ApiError, CliError } from "../../errors.ts";
import { detectFormat, readCases, textChunks, type Format, type NewCase } from "./_rows.ts";

export const IMPORT_LABEL_KEY = "duvo-import";
const BATCH = 100;
const SEARCH_PAGE = 100;
const MAX_RESENDS = 10;
/** How long an import that met an unknown outcome waits before its final count, for late writes. */
const SETTLE_MS = 10_000;

type CaseView = Record<string, unknown> & { id: string; title: string; data: string; priority: string };

export interface ImportSource {
  source: { path: string } | { text: string };
  name: string;
}

export interface ImportResult {
  added: CaseView[];
  alreadyPresent: number;
  total: number;
  marker: string;
}

const fingerprint = (item: { title: string; data?: string; priority?: string }) => JSON.stringify([item.title, item.data ?? "", item.priority ?? "none"]);

/** Pass 1: the file's hash (the import's marker), format and number of cases, every row checked. */
export async function scanImport(input: ImportSource): Promise<{ marker: string; format: Format; total: number }> {
  const hasher = new Bun.CryptoHasher("sha256");
  const chunks = textChunks(input.source, (bytes) => hasher.update(bytes));
  const first = await chunks.next();
  const firstText = first.done ? "" : first.value;
  const format = detectFormat(input.name, firstText);
  async function* all() {
    if (!first.done) yield firstText;
    yield* chunks;
  }
  let total = 0;
  for await (const _ of readCases(all(), format, input.name)) total++;
  return { marker: hasher.digest("hex").slice(0, 12), format, total };
}

export async function runImport(
  runtime: Runtime,
  call: Call,
  queueId: string,
  input: ImportSource,
  scan: { marker: string; format: Format; total: number },
  progress: (done: number, total: number, present: number) => void,
): Promise<ImportResult> {
  const signal = runtime.io.signal;
  const label = { key: IMPORT_LABEL_KEY, value: scan.marker };
  const search = (offset: number, limit: number) =>
    readWithRetries(runtime, () =>
      call("searchCases", {
        path: { queue_id: queueId },
        body: { filters: { labels: { [IMPORT_LABEL_KEY]: [scan.marker] } }, sort_by: "created_at", sort_order: "asc", limit, offset },
      }),
    );

  // What of this file is in the queue already.
  const present = new Map<string, number>();
  let ours = 0;
  for (let offset = 0; ; offset += SEARCH_PAGE) {
    const page = await search(offset, SEARCH_PAGE);
    for (const item of page.cases) present.set(fingerprint(item), (present.get(fingerprint(item)) ?? 0) + 1);
    ours = page.total;
    if (page.cases.length < SEARCH_PAGE || offset + page.cases.length >= page.total) break;
  }

  const added: CaseView[] = [];
  let alreadyPresent = 0;
  let done = 0;
  let uncertain = false;
  /** How many times each row (its fingerprint) is in the file: the most cases of it the import may leave. */
  const inFile = new Map<string, number>();

  /** Cases of this import created at or after position `from` (oldest first). */
  const tail = async (from: number): Promise<CaseView[]> => {
    const found: CaseView[] = [];
    for (let offset = from; ; offset += SEARCH_PAGE) {
      const page = await search(offset, SEARCH_PAGE);
      found.push(...(page.cases as CaseView[]));
      if (page.cases.length < SEARCH_PAGE) return found;
    }
  };

  const send = async (rows: NewCase[]) => {
    let pending = rows;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_RESENDS)
        throw new CliError(`a batch of ${pending.length} cases could not be added after ${MAX_RESENDS} tries; run the same command again to add what is missing`);
      const cases = pending.map((row) => ({ ...row, labels: [...(row.labels ?? []), label] }));
      try {
        const answer = await call("createCases", { path: { queue_id: queueId }, body: { cases } });
        added.push(...(answer.added_cases as CaseView[]));
        ours += pending.length;
        return;
      } catch (error) {
        if (!isUncertain(error)) throw error;
        uncertain = true;
        runtime.log.debug(`  the outcome of a batch of ${pending.length} is unknown (${(error as Error).message}): checking the queue`);
      }
      // The request is over (answered or its connection closed): did it take effect?
      const count = (await search(0, 1)).total;
      if (count === ours) {
        await runtime.clock.sleep(Math.min(4000, 250 * 2 ** attempt), signal);
        continue; // nothing of it arrived: send it again
      }
      const arrived = await tail(ours);
      ours = count;
      const wanted = new Map<string, NewCase[]>();
      for (const row of pending) wanted.set(fingerprint(row), [...(wanted.get(fingerprint(row)) ?? []), row]);
      for (const item of arrived) {
        const rowsLikeIt = wanted.get(fingerprint(item));
        if (rowsLikeIt?.length) {
          rowsLikeIt.pop();
          added.push(item);
        }
      }
      pending = [...wanted.values()].flat();
      if (pending.length) await runtime.clock.sleep(Math.min(4000, 250 * 2 ** attempt), signal);
    }
  };

  let batch: NewCase[] = [];
  progress(0, scan.total, 0);
  for await (const row of readCases(textChunks(input.source), scan.format, input.name)) {
    const key = fingerprint(row);
    inFile.set(key, (inFile.get(key) ?? 0) + 1);
    const left = present.get(key) ?? 0;
    if (left > 0) {
      present.set(key, left - 1);
      alreadyPresent++;
      done++;
      continue;
    }
    batch.push(row);
    if (batch.length === BATCH) {
      await send(batch);
      done += batch.length;
      batch = [];
      progress(done, scan.total, alreadyPresent);
    }
  }
  if (batch.length) {
    await send(batch);
    done += batch.length;
  }
  // A batch delivered twice, or applied after its 5xx: more cases of this import than rows.
  if (uncertain) await runtime.clock.sleep(SETTLE_MS, signal);
  if ((await search(0, 1)).total > scan.total) {
    const keep = new Map(inFile);
    const surplus: CaseView[] = [];
    for (const item of await tail(0)) {
      const left = keep.get(fingerprint(item)) ?? 0;
      if (left > 0) keep.set(fingerprint(item), left - 1);
      else surplus.push(item);
    }
    runtime.log.debug(`  ${surplus.length} cases of this import are there twice: deleting the newer ones`);
    for (const item of surplus) {
      await readWithRetries(runtime, () =>
        call("deleteCase", { path: { case_id: item.id } }).catch((error: unknown) => {
          if (!(error instanceof ApiError && error.status === 404)) throw error; // already gone
        }),
      );
    }
    const gone = new Set(surplus.map((item) => item.id));
    added.splice(0, added.length, ...added.filter((item) => !gone.has(item.id)));
  }
  progress(done, scan.total, alreadyPresent);
  return { added, alreadyPresent, total: scan.total, marker: scan.marker };
}

/** A failure after which the request may or may not have taken effect. */
function isUncertain(error: unknown): boolean {
  return (
    error instanceof UncertainOutcomeError ||
    (error instanceof ApiError && (error.status >= 500 || error.status === 408)) ||
    (error instanceof CliError && error.message.startsWith("unexpected response from"))
  );
}

/** A read sent as a POST (search): retried like a GET, within the retry budget. */
async function readWithRetries<T>(runtime: Runtime, read: () => Promise<T>): Promise<T> {
  const budgetMs = (Number(runtime.io.env.DUVO_RETRY_BUDGET) || 60) * 1000;
  const deadline = runtime.clock.now() + budgetMs;
  for (let tries = 0; ; tries++) {
    try {
      return await read();
    } catch (error) {
      const retry = isUncertain(error) || (error instanceof CliError && error.message.startsWith("cannot reach"));
      if (!retry || runtime.clock.now() > deadline) throw error;
      await runtime.clock.sleep(Math.min(4000, 200 * 2 ** tries) * (0.5 + Math.random() / 2), runtime.io.signal);
    }
  }
}

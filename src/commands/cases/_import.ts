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
 * label's cases (one request); when there are more than the file's rows, the surplus is
 * deleted: every case printed as added stays (one per row sent), and of the rest as many of
 * each row as were there before the import. So what is printed names exactly the copies left,
 * even when a late write landed before a resend (then the late copy is the older one, and goes).
 * When an outcome was unknown, that count waits SETTLE_MS first, for late writes to land.
 * Residual risk: a write that lands later than that, or a duplicate that an agent already
 * started working (deleting a case interrupts its run), before it is deleted.
 *
 * Memory: the file is read twice (scanImport, then the rows as they are sent), never held;
 * the cases added go to a temporary file until they are printed at the end. What stays in
 * memory is one batch, a 22-character key per case found there before the import (a re-run),
 * and, only after an unknown outcome or a surplus, the ids of the cases added.
 */
import { open, rm, unlink, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  /** The cases this import added, a batch at a time: exactly the copies it leaves in the queue, one per row it added. */
  added: AsyncIterable<CaseView[]>;
  addedCount: number;
  alreadyPresent: number;
  total: number;
  marker: string;
}

/** A row's content (title, data, priority) as 128 bits of its SHA-256: what a case is matched to a row by, compact. */
const rowKey = (item: { title: string; data?: string; priority?: string }) =>
  Bun.CryptoHasher.hash("sha256", JSON.stringify([item.title, item.data ?? "", item.priority ?? "none"]), "base64").slice(0, 22);

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
  report: (result: ImportResult) => Promise<void>,
): Promise<void> {
  const signal = runtime.io.signal;
  const label = { key: IMPORT_LABEL_KEY, value: scan.marker };
  const search = (offset: number, limit: number) =>
    readWithRetries(runtime, () =>
      call("searchCases", {
        path: { queue_id: queueId },
        body: { filters: { labels: { [IMPORT_LABEL_KEY]: [scan.marker] } }, sort_by: "created_at", sort_order: "asc", limit, offset },
      }),
    );

  // What of this file is in the queue already: a count per row key.
  const present = new Map<string, number>();
  let ours = 0;
  for (let offset = 0; ; offset += SEARCH_PAGE) {
    const page = await search(offset, SEARCH_PAGE);
    for (const item of page.cases) {
      const key = rowKey(item);
      present.set(key, (present.get(key) ?? 0) + 1);
    }
    ours = page.total;
    if (page.cases.length < SEARCH_PAGE || offset + page.cases.length >= page.total) break;
  }

  const added = await AddedCases.open(runtime.io.env.TMPDIR || tmpdir());
  try {
    let alreadyPresent = 0;
    let done = 0;
    let uncertain = false;
    /** Per row key, how many rows of the file were found already there: that many of the cases not printed stay. */
    const matched = new Map<string, number>();

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
          await added.add(answer.added_cases as CaseView[]);
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
        // After position `ours` there can also be cases already printed (a late write landed before them
        // unseen, so `ours` counts short): a row is matched only by a case not printed yet.
        const arrived = await tail(ours);
        const printed = await added.ids();
        ours = count;
        const wanted = new Map<string, NewCase[]>();
        for (const row of pending) {
          const key = rowKey(row);
          const rowsLikeIt = wanted.get(key);
          if (rowsLikeIt) rowsLikeIt.push(row);
          else wanted.set(key, [row]);
        }
        const found: CaseView[] = [];
        for (const item of arrived) {
          const rowsLikeIt = wanted.get(rowKey(item));
          if (rowsLikeIt?.length && !printed.has(item.id)) {
            rowsLikeIt.pop();
            found.push(item);
          }
        }
        await added.add(found);
        pending = [...wanted.values()].flat();
        if (pending.length) await runtime.clock.sleep(Math.min(4000, 250 * 2 ** attempt), signal);
      }
    };

    let batch: NewCase[] = [];
    progress(0, scan.total, 0);
    for await (const row of readCases(textChunks(input.source), scan.format, input.name)) {
      const key = rowKey(row);
      const left = present.get(key) ?? 0;
      if (left > 0) {
        present.set(key, left - 1);
        matched.set(key, (matched.get(key) ?? 0) + 1);
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
    // A batch delivered twice, or applied after its 5xx: more cases of this import than rows. The
    // cases printed as added stay (each row added has exactly one); of the others, as many of each
    // row as were already there before the import (the oldest), and the rest are deleted.
    if (uncertain) await runtime.clock.sleep(SETTLE_MS, signal);
    if ((await search(0, 1)).total > scan.total) {
      const printed = await added.ids();
      const surplus: string[] = [];
      for (let offset = 0; ; offset += SEARCH_PAGE) {
        const page = await search(offset, SEARCH_PAGE);
        for (const item of page.cases) {
          if (printed.has(item.id)) continue;
          const key = rowKey(item);
          const left = matched.get(key) ?? 0;
          if (left > 0) matched.set(key, left - 1);
          else surplus.push(item.id);
        }
        if (page.cases.length < SEARCH_PAGE) break;
      }
      runtime.log.debug(`  ${surplus.length} cases of this import are there twice: deleting the copies not printed`);
      for (const id of surplus) {
        await readWithRetries(runtime, () =>
          call("deleteCase", { path: { case_id: id } }).catch((error: unknown) => {
            if (!(error instanceof ApiError && error.status === 404)) throw error; // already gone
          }),
        );
      }
    }
    progress(done, scan.total, alreadyPresent);
    await report({ added: added.batches(), addedCount: added.count, alreadyPresent, total: scan.total, marker: scan.marker });
  } finally {
    await added.close();
  }
}

/**
 * The cases an import added, as the API answered them, one JSON line each in a temporary file:
 * printed once the import is over, without holding them in memory. The file is unlinked as
 * soon as it is open (read and written through its handle), so not even kill -9 leaves it
 * behind; where an open file cannot be unlinked (Windows), it is removed at the end. Their ids
 * are read into memory only when needed (after an unknown outcome, or more cases than rows).
 */
class AddedCases {
  count = 0;
  private known?: Set<string>;
  private constructor(
    private readonly file: FileHandle,
    private readonly path: string | undefined,
  ) {}

  static async open(folder: string): Promise<AddedCases> {
    const path = join(folder, `duvo-import-${crypto.randomUUID()}.jsonl`);
    let file: FileHandle;
    try {
      file = await open(path, "wx+", 0o600);
    } catch (error) {
      throw new CliError(`cannot write a temporary file in ${folder} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set TMPDIR to a writable folder`);
    }
    try {
      await unlink(path);
      return new AddedCases(file, undefined);
    } catch {
      return new AddedCases(file, path);
    }
  }

  async add(items: CaseView[]): Promise<void> {
    await this.file.write(items.map((item) => `${JSON.stringify(item)}\n`).join(""));
    this.count += items.length;
    for (const item of items) this.known?.add(item.id);
  }

  /** The ids of the cases added so far (kept up to date from then on). */
  async ids(): Promise<Set<string>> {
    if (!this.known) {
      const known = new Set<string>();
      for await (const items of this.batches()) for (const item of items) known.add(item.id);
      this.known = known;
    }
    return this.known;
  }

  /** The cases added, in the order added, a batch at a time (read from the start, beside the writes). */
  async *batches(): AsyncGenerator<CaseView[]> {
    const buffer = new Uint8Array(64 * 1024);
    const decoder = new TextDecoder();
    let rest = "";
    for (let position = 0; ; ) {
      const { bytesRead } = await this.file.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      const lines = (rest + decoder.decode(buffer.subarray(0, bytesRead), { stream: true })).split("\n");
      rest = lines.pop()!;
      yield lines.map((line) => JSON.parse(line) as CaseView);
    }
  }

  async close(): Promise<void> {
    await this.file.close();
    if (this.path) await rm(this.path, { force: true });
  }
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

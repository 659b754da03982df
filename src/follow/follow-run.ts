/**
 * Following a run by polling (the API has no stream). Positions in the transcript are
 * stable (messages are append-only), so the follower tracks the offset of the next
 * message and also remembers ids: nothing is printed twice or skipped, across retries,
 * slow pages and outages.
 *
 * Pacing (docs/contract.md, "Following"): while busy, a poll every 1.1 s, counted from the
 * start of the previous one (a slow reply does not push the next poll later). A poll reads
 * the messages; every twelfth also checks the run's status right after, and the poll after
 * one that found nothing new checks only the status (a run that starts waiting or ends
 * writes nothing more, so it is seen soon). The status check never takes a message poll's
 * turn while news flows, so no message waits two intervals: a message is printed at most
 * ~1.1 s after it was written. After 10 s without news it slows to a message poll and a
 * status check every 5 s; a full page is followed at once by the next. While the run needs
 * a human, only the run is polled, every 5 s. So steady polling stays within 60 requests in
 * any minute while busy (at most 55 polls and 5 status checks) and 12 while waiting.
 */
import type { Call } from "../api/call.ts";
import type { Clock } from "../clock.ts";
import { MESSAGE_PAGE_LIMIT, isTerminal, needsHuman, type HumanRequest, type Message, type Run, type RunDetails } from "../api/schemas.ts";
import { NotFoundError } from "../errors.ts";

export type FollowEvent = { kind: "status"; run: Run } | { kind: "message"; message: Message } | { kind: "human_request"; run: Run; request: HumanRequest };

/** What a handler asks for: true stops following; "refresh" looks at the run again at once. */
export type FollowReply = boolean | "refresh" | void;
export type FollowHandler = (event: FollowEvent) => Promise<FollowReply>;

export interface FollowOptions {
  call: Call;
  runId: string;
  /** Position of the first message to print. */
  offset: number;
  signal: AbortSignal;
  /** Pauses and "time without news" are measured on it. */
  clock: Clock;
  /** The run as already fetched (e.g. by `runs start`), to save a request. */
  initial?: RunDetails;
  onEvent: FollowHandler;
}

export const PACING = {
  busyPollMs: 1_100,
  idlePollMs: 5_000,
  idleAfterMs: 10_000,
  statusEvery: 12, // every twelfth busy poll also checks the run's status, right after its message poll
  waitingPollMs: 5_000,
};

export interface FollowProgress {
  /** Position of the next message not yet printed: where a resumed follow starts. */
  offset: number;
  run?: Run;
}

export type FollowOutcome = { reason: "ended" | "stopped"; run: Run };

export function createFollower(options: FollowOptions) {
  const progress: FollowProgress = { offset: options.offset };
  const { clock } = options;
  const seen = new Set<string>();
  const announcedRequests = new Set<string>();
  let lastStatus: string | undefined;
  let stopped = false;

  let lastKind: FollowEvent["kind"] | undefined;
  let refreshNow = false;
  const emit = async (event: FollowEvent) => {
    if (stopped) return;
    lastKind = event.kind;
    const reply = await options.onEvent(event);
    if (reply === true) stopped = true;
    if (reply === "refresh") refreshNow = true;
  };

  /** Fetches and emits every message from the current offset to the end; true if any was new. */
  const drain = async (): Promise<boolean> => {
    let foundNew = false;
    while (!stopped) {
      const page = await options.call("listRunMessages", { path: { run_id: options.runId }, query: { limit: MESSAGE_PAGE_LIMIT, offset: progress.offset } });
      for (const message of page.messages) {
        progress.offset++;
        if (seen.has(message.id)) continue;
        seen.add(message.id);
        foundNew = true;
        await emit({ kind: "message", message });
        if (stopped) return foundNew;
      }
      if (page.messages.length < MESSAGE_PAGE_LIMIT) return foundNew;
    }
    return foundNew;
  };

  const fetchRun = async (): Promise<RunDetails & { run: Run }> => {
    const details = await options.call("getRun", { path: { run_id: options.runId } });
    if (!details.run) throw new NotFoundError(`run ${options.runId} no longer exists`);
    return details as RunDetails & { run: Run };
  };

  /** Takes in a fresh view of the run: status line on change, then the pending request. */
  const observe = async (details: RunDetails & { run: Run }, first: boolean) => {
    const { run } = details;
    progress.run = run;
    const statusBefore = lastStatus;
    if (run.status !== lastStatus) {
      if (first) {
        lastStatus = run.status;
        await emit({ kind: "status", run });
        await drain();
      } else if (!isTerminal(run.status) && !needsHuman(run.status)) {
        // Busy again (e.g. after an answer): what we fetch now was written after the change.
        lastStatus = run.status;
        await emit({ kind: "status", run });
        await drain();
      } else {
        // Waiting or ended: the messages written before the change come before its status line.
        await drain();
        lastStatus = run.status;
        await emit({ kind: "status", run });
      }
    } else if (first) {
      await drain();
    }
    const request = details.pending_human_request;
    if (needsHuman(run.status) && request && !announcedRequests.has(request.id)) {
      announcedRequests.add(request.id);
      // A new request while the status stayed "waiting" (answered, then asked again between two
      // looks): the messages written before it still come first.
      if (run.status === statusBefore && !first) await drain();
      await emit({ kind: "human_request", run, request });
    }
  };

  async function run(): Promise<FollowOutcome> {
    await observe(options.initial?.run ? (options.initial as RunDetails & { run: Run }) : await fetchRun(), true);
    let lastNews = clock.now();
    let lastPoll = clock.now(); // when the last poll started: the next one is due a pause after it
    let polls = 0;
    let quiet = false; // the last message poll found nothing: look at the status next
    while (!stopped) {
      const current = progress.run!;
      if (isTerminal(current.status)) {
        // A finished stream always ends with its final status, even for a run that had
        // ended before we attached (its status line came first, then its messages).
        if (lastKind !== "status") await emit({ kind: "status", run: current });
        return { reason: "ended", run: current };
      }
      if (needsHuman(current.status)) {
        if (!refreshNow) await clock.sleep(PACING.waitingPollMs, options.signal);
        refreshNow = false;
        await observe(await fetchRun(), false);
        lastNews = lastPoll = clock.now();
        continue;
      }
      const idle = clock.now() - lastNews > PACING.idleAfterMs;
      // Due a pause after the last poll started (at once when that poll took longer): the rhythm
      // does not stretch by each reply's time, and polls never come closer than the pause.
      await clock.sleep(lastPoll + (idle ? PACING.idlePollMs : PACING.busyPollMs) - clock.now(), options.signal);
      lastPoll = clock.now();
      polls++;
      const statusOnly = quiet && !idle; // nothing new last time: has the run stopped being busy?
      const checkStatus = statusOnly || idle || polls % PACING.statusEvery === 0;
      if (!statusOnly) {
        const news = await drain();
        if (news) lastNews = clock.now();
        quiet = !news;
      }
      if (checkStatus && !stopped) {
        await observe(await fetchRun(), false);
        quiet = false; // just looked
      }
    }
    return { reason: "stopped", run: progress.run! };
  }

  return { progress, run };
}

/**
 * An OAuth flow started from the command line: the platform gives an authorization URL that a
 * person opens in a browser; once they consent, the platform makes (or with a reconnect id,
 * renews) the connection. The URL is printed on stdout; on a terminal it is also opened in the
 * browser ($BROWSER, else the system's opener), never when stdin or stdout is not a terminal or
 * CI is set, nor with --no-browser. `--wait` then reads the team's connections at the pace of
 * every other wait (src/cli/wait-for-job.ts) until the new (or renewed) one is there.
 */
import type { AnswerOf } from "../../api/call.ts";
import { jsonArgs } from "../../cli/command.ts";
import type { Runtime } from "../../cli/runtime.ts";
import { readWaitArgs, waitForJob } from "../../cli/wait-for-job.ts";
import { ExitCode } from "../../errors.ts";
import { printJson } from "../../output/print-json.ts";
import { sanitizeLine } from "../../output/style.ts";

export const flowArgs = {
  "return-url": { type: "string", description: "Where the browser goes once access is granted (default: the Duvo dashboard)", valueHint: "url" },
  "reconnect-instance-id": { type: "string", uuid: true, description: "Re-authorize this existing connection instead of making a new one", valueHint: "id" },
  "no-browser": { type: "boolean", description: "Only print the authorization URL; do not open a browser" },
  wait: { type: "boolean", description: "Wait until the connection exists (someone opened the URL and granted access)" },
  timeout: { type: "string", description: "With --wait: give up after this long (90s, 5m, 1h): exit 7", valueHint: "duration", requires: "wait" },
  ...jsonArgs,
} as const;

type Connection = AnswerOf<"getConnection">;
interface FlowArgs {
  "reconnect-instance-id"?: string;
  "no-browser"?: boolean;
  wait?: boolean;
  timeout?: string;
  json?: boolean;
}

const truthy = (value: string | undefined) => value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";

/** Whether to open a browser: a person at a terminal, not CI, not --no-browser, not --json. */
function mayOpenBrowser(runtime: Runtime, args: FlowArgs): boolean {
  const { io } = runtime;
  return io.stdout.isTTY && io.stdinIsTTY && !truthy(io.env.CI) && !args["no-browser"] && !args.json && runtime.jq === undefined;
}

/** Opens the URL with $BROWSER or the system's opener, without waiting for it; false when none could be started. */
function openBrowser(runtime: Runtime, url: string): boolean {
  const opener = runtime.io.env.BROWSER
    ? [runtime.io.env.BROWSER]
    : process.platform === "darwin"
      ? ["open"]
      : process.platform === "win32"
        ? ["rundll32", "url.dll,FileProtocolHandler"]
        : ["xdg-open"];
  try {
    const child = Bun.spawn([...opener, url], { stdin: "ignore", stdout: "ignore", stderr: "ignore", env: runtime.io.env as Record<string, string> });
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the flow (`start` sends the request), prints the URL, opens it when it may, and with
 * --wait waits for the connection. `what` names it in messages ("Gmail").
 */
export async function runFlow(
  runtime: Runtime,
  args: FlowArgs,
  what: string,
  start: () => Promise<{ authorization_url: string }>,
  check: () => Promise<void>,
): Promise<number | void> {
  const timeoutMs = readWaitArgs(args);
  const json = args.json === true || runtime.jq !== undefined;
  const { call } = await runtime.api();
  const reconnect = args["reconnect-instance-id"];
  const listAll = async () => {
    const all: Connection[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await call("listConnections", { query: { limit: 100, offset } });
      all.push(...page.integrations);
      if (page.integrations.length < 100 || all.length >= page.total) return all;
    }
  };
  await check(); // the start's body is checked before anything is sent: bad input sends nothing
  // What there was before the flow started, to tell the new (or renewed) connection from the others:
  // read before the start, since the URL can be opened as soon as the API has answered it.
  const before = !args.wait
    ? undefined
    : reconnect
      ? (await call("getConnection", { path: { connection_id: reconnect } })).updated_at
      : new Set((await listAll()).map((c) => c.id));
  const answer = await start();
  const url = answer.authorization_url;
  if (!args.wait) {
    if (json) return printJson(runtime, answer);
    await runtime.io.stdout.write(`${sanitizeLine(url)}\n`);
  } else if (json) await runtime.io.stderr.write(`Authorization URL: ${sanitizeLine(url)}\n`);
  else await runtime.io.stdout.write(`${sanitizeLine(url)}\n`);
  if (mayOpenBrowser(runtime, args) && openBrowser(runtime, url)) runtime.log.info(`Opened the authorization URL in your browser: grant access to ${what} there.`);
  else if (!json) runtime.log.info(`Open the URL above in a browser to grant access to ${what}.`);
  if (!args.wait) return;

  const name = reconnect ? `the reconnection of ${reconnect}` : `the connection to ${what}`;
  const waited = await waitForJob<Connection | undefined>(
    runtime,
    {
      name,
      read: async () => {
        if (reconnect) {
          const connection = await call("getConnection", { path: { connection_id: reconnect } });
          return connection.updated_at !== before ? connection : undefined;
        }
        return (await listAll()).find((connection) => !(before as Set<string>).has(connection.id));
      },
      state: (connection) => (connection ? { done: true } : { busy: "waiting for access to be granted" }),
      reason: async () => "",
    },
    timeoutMs,
  );
  if (waited.timedOut || !waited.last) {
    runtime.log.warn(`Timed out after ${args.timeout}: ${reconnect ? `connection ${reconnect} is not renewed` : `no connection to ${what}`} yet (the URL stays valid).`);
    return ExitCode.timeout;
  }
  const connection = waited.last;
  if (json) return printJson(runtime, { ...answer, connection });
  runtime.log.success(`Connected ${sanitizeLine(connection.name)} (${connection.id}).`);
  const { showAnswer } = await import("../../cli/show.ts");
  const { connectionFields } = await import("../connections/_show.ts");
  await showAnswer(runtime, { fields: connectionFields }, connection, args);
}

/**
 * Commands that are one operation of the API, declared as data: the operation's id, the
 * official arguments, how they become the request, and how the answer is shown. Everything
 * else is done here once for all of them, so they cannot differ:
 * - the operation's method and path come from the generated operation table, `{teamId}`
 *   from the resolved team;
 * - the body is checked against the operation's schema before anything is sent (exit 4
 *   naming the field);
 * - destructive commands (`confirm`) ask on a terminal (default No); `-y` skips the question;
 *   without a terminal and without `-y` they refuse (exit 4) and send nothing;
 * - lists (`list`) take `--limit/--offset` and `--all` (every page, streamed: src/cli/paging.ts);
 * - `--json` prints the API's answer as it is, but secret values (`secrets`) as "***"
 *   unless `--show-secrets`; without `--json`, a key/value block or a table (src/cli/show.ts).
 * Composite commands (several operations) are written by hand from the same pieces:
 * paging.ts, show.ts, confirm.ts.
 */
import { untyped, type AnswerOf, type OperationId, type PathValue } from "../api/call.ts";
import { jsonArgs, leafCommand, type DuvoArgsDef, type DuvoCommand, type DuvoCommandMeta, type ParsedArgs } from "./command.ts";
import { confirmOrRefuse, yesArg } from "./confirm.ts";
import { pageArgs, type ListPage } from "./paging.ts";
import type { Runtime } from "./runtime.ts";
import { hideSecrets, showSecretsArg } from "./hide-secrets.ts";
import type { ListKey, Show } from "./show.ts";

/** What a command sends: values for the path's `{names}`, the query, the body. */
export interface OperationRequest {
  /** A value may be a function, called only when the request is sent (after any confirmation): an id read from the API. */
  path?: Record<string, PathValue>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export type { PathValue };

/**
 * `Shown` is what `show` reads: the operation's answer (as the generated types give it), or
 * what `transform` makes of it. Its fields, columns, `items` and `object` are keys of it, and
 * functions get the item's type, so a misspelt field fails `tsc`.
 */
export interface OperationCommandDefinition<Id extends OperationId, T extends DuvoArgsDef, Shown> {
  meta: DuvoCommandMeta;
  /** The document's operationId, or which one a flag chooses (`skills list --system`: the answers of both must fit `show`). */
  operation: Id | ((args: ParsedArgs<T>) => Id);
  args: T;
  request?: (args: ParsedArgs<T>, runtime: Runtime) => OperationRequest | Promise<OperationRequest>;
  show: Show<NoInfer<Shown>, ParsedArgs<T>>;
  /** A destructive command: the question asked on a terminal (the official tree gives these `-y`); undefined when this use of it changes nothing (a dry run). */
  confirm?: (args: ParsedArgs<T>) => string | undefined;
  /** A paged collection: the key of its items in the answer, and the API's largest page. */
  list?: { items: ListKey<AnswerOf<Id>>; pageSize: number };
  /** Keys whose values are secrets when the answer echoes them: "***" unless --show-secrets. */
  secrets?: string[];
  /** Reshapes the answer for the table or key/value block only (--json prints the answer as it is). */
  transform?: (answer: AnswerOf<Id>) => Shown;
  /** The command's one GET, sent while the command loads (EarlyOperations): only for a GET whose one path parameter is the positional. */
  early?: true;
}

export function operationCommand<const Id extends OperationId, const T extends DuvoArgsDef, Shown = AnswerOf<Id>>(
  definition: OperationCommandDefinition<Id, T, Shown>,
): DuvoCommand {
  const args = {
    ...definition.args,
    ...(definition.list ? pageArgs : {}),
    ...(definition.confirm ? yesArg : {}),
    ...(definition.secrets ? showSecretsArg : {}),
    ...jsonArgs,
  } as DuvoArgsDef;
  if (definition.early && (typeof definition.operation !== "string" || definition.list || definition.confirm)) {
    throw new Error(`${definition.meta.description}: only a command of one fixed GET, neither a list nor confirmed, sends it early`);
  }
  const command = leafCommand({
    meta: definition.meta,
    args,
    early: definition.early ? [definition.operation as Id] : undefined,
    async run(parsed, runtime) {
      const values = parsed as Record<string, unknown>;
      const { routeById, operationSchemas } = await import("../api/operation-routes.ts");
      const operationId = typeof definition.operation === "function" ? definition.operation(parsed as ParsedArgs<T>) : definition.operation;
      const operation = routeById(operationId);
      if (!operation) throw new Error(`no operation ${operationId} in the document`);
      const request = (await definition.request?.(parsed as ParsedArgs<T>, runtime)) ?? {};
      if (request.body !== undefined) {
        // Checked before anything is sent; a request without a body loads no schema here (call does, while it is on its way).
        const schemas = await operationSchemas(operation);
        const { checkRequestBody } = await import("../api/answer.ts");
        if (!schemas.body) throw new Error(`${operation.id} takes no body`);
        checkRequestBody(schemas.body, request.body);
      }
      const question = definition.confirm?.(parsed as ParsedArgs<T>);
      if (question !== undefined) await confirmOrRefuse(runtime, question, values.yes === true, definition.meta.name ?? "this command");

      const call = untyped((await runtime.api()).call);
      const send = (query: OperationRequest["query"]) => call(operation.id, { path: request.path, query, body: request.body });
      const secrets = definition.secrets ?? [];
      const json = values.json === true || runtime.jq !== undefined;

      if (definition.list) {
        const { items: key, pageSize } = definition.list;
        const { fetchPages, readPaging } = await import("./paging.ts");
        const { printList } = await import("./show.ts");
        const paging = readPaging(values as { limit?: number; offset?: number; all?: boolean }, pageSize);
        const pages = fetchPages(paging, pageSize, async (page): Promise<ListPage<unknown>> => {
          const answer = (await send({ ...request.query, ...page })) as Record<string, unknown>;
          return { items: (answer[key] as unknown[]) ?? [], total: typeof answer.total === "number" ? answer.total : undefined, answer };
        });
        const how = definition.show as unknown as Extract<Show, { columns: unknown }>;
        return printList<any>(runtime, pages, { paging, key, json, columns: how.columns, empty: how.empty, secrets, showSecrets: values["show-secrets"] === true });
      }

      const answer = await send(request.query);
      const shown = values["show-secrets"] ? answer : hideSecrets(answer, secrets);
      if (json) {
        const { printJson } = await import("../output/print-json.ts");
        return printJson(runtime, shown);
      }
      const { showAnswer } = await import("./show.ts");
      await showAnswer(runtime, definition.show as Show, definition.transform ? definition.transform(shown) : shown, parsed);
    },
  });
  if (typeof definition.operation === "string") command.duvoOperation = definition.operation;
  return command;
}

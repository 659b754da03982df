/**
 * What a request needs of one operation, by id: its method, path, success status and schema
 * module, read from the compact generated table (generated/routes.ts). A command sending a
 * request parses its own operation's string instead of loading every operation's row
 * (operations.ts, which cost a one-request command ~5 ms and ~1.3 MB; scripts/bench.ts).
 */
import { ROUTES, SCHEMA_MODULES } from "./generated/routes.ts";
import type { HttpMethod, Operation, OperationSchemas } from "./operation.ts";

/** The part of an operation's row a request needs. */
export type Route = Pick<Operation, "id" | "method" | "path" | "pathParams" | "success" | "module">;

export function routeById(id: string): Route | undefined {
  const entry = Object.hasOwn(ROUTES, id) ? ROUTES[id] : undefined;
  if (entry === undefined) return undefined;
  const [method, path, success, module, ...pathParams] = entry.split(" ") as [HttpMethod, string, string, string, ...string[]];
  return { id, method, path, pathParams, success: Number(success), module };
}

/** The valibot schemas of an operation (its tag's generated module, loaded on first use). */
export async function operationSchemas(operation: Pick<Operation, "id" | "module">): Promise<OperationSchemas> {
  const module = await SCHEMA_MODULES[operation.module]!();
  return (module[operation.id] as () => OperationSchemas)();
}

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
  if (id === "" || /\s/.test(id)) return undefined; // no operation id has them: they would misread the lines
  const at = ROUTES.indexOf(`\n${id} `);
  if (at === -1) return undefined;
  const line = ROUTES.slice(at + id.length + 2, ROUTES.indexOf("\n", at + 1));
  const [method, path, success, module, ...pathParams] = line.split(" ") as [HttpMethod, string, string, string, ...string[]];
  return { id, method, path, pathParams, success: Number(success), module };
}

/** The valibot schemas of an operation (its tag's generated module, loaded on first use). */
export async function operationSchemas(operation: Pick<Operation, "id" | "module">): Promise<OperationSchemas> {
  const module = await SCHEMA_MODULES[operation.module]!();
  return (module[operation.id] as () => OperationSchemas)();
}

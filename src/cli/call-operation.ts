/**
 * One operation of the document sent by id, for commands written by hand: its method and
 * path from the generated table (`{teamId}` the resolved team), the body checked before
 * sending, the answer checked against the operation's schema.
 */
import type { HttpMethod } from "../api/operation.ts";
import { fillPath, type OperationRequest } from "./operation-command.ts";
import type { Runtime } from "./runtime.ts";

export async function callOperation(runtime: Runtime, operationId: string, request: OperationRequest & { form?: FormData } = {}): Promise<any> {
  const { operationById, operationSchemas } = await import("../api/operations.ts");
  const operation = operationById(operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the document`);
  const schemas = await operationSchemas(operation);
  const { client, teamId } = await runtime.api();
  const path = await fillPath(operation, request.path ?? {}, teamId);
  const answer = schemas.responses[operation.success] ?? (await import("valibot")).unknown();
  return client.call(operation.method as HttpMethod, path, answer, { query: request.query, body: request.body, bodySchema: schemas.body, form: request.form });
}

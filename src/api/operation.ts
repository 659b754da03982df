/** The shape of one row of the generated operation table (src/api/generated/operations.ts). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface QueryParameter {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "array";
  required: boolean;
}

export interface Operation {
  /** The document's operationId, e.g. `getAgent`. */
  id: string;
  method: HttpMethod;
  /** The path template, e.g. `/v2/agents/{agent_id}`; `{*}` takes the rest of the path. */
  path: string;
  tag: string;
  /** The generated schema module holding this operation's schemas. */
  module: string;
  summary: string;
  pathParams: readonly string[];
  query: readonly QueryParameter[];
  body: "required" | "optional" | undefined;
  /** The status of a successful answer. */
  success: number;
}

/** What the generated modules hold per operation. */
export interface OperationSchemas {
  path: import("valibot").GenericSchema;
  query: import("valibot").GenericSchema;
  body: import("valibot").GenericSchema | undefined;
  responses: Record<number, import("valibot").GenericSchema>;
}

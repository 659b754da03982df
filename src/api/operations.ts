/**
 * Finding an operation of the document by method and path: the emulator routes with it,
 * `duvo api` checks a request with it before sending, and the tests validate answers with it.
 * The table is generated (src/api/generated/operations.ts); this module is loaded only by
 * what needs it, so start-up does not pay for it.
 */
import { OPERATIONS } from "./generated/operations.ts";
import type { Operation } from "./operation.ts";

export { OPERATIONS };
export { operationSchemas } from "./operation-routes.ts";
export { closestOperations } from "./closest-operations.ts";

interface Template {
  operation: Operation;
  pattern: RegExp;
  names: string[];
  /** Literal segments count more than parameters, and `{*}` least: `/files/download-url/{*}` beats `/files/{*}`. */
  rank: number;
}

let templates: Template[] | undefined;

function compiled(): Template[] {
  templates ??= OPERATIONS.map((operation) => {
    const names: string[] = [];
    let rank = 0;
    const source = operation.path
      .split("/")
      .map((segment) => {
        const param = /^\{(.+)\}$/.exec(segment)?.[1];
        if (param === "*") {
          names.push("*");
          return "(.+)";
        }
        if (param !== undefined) {
          names.push(param);
          rank += 1;
          return "([^/]+)";
        }
        rank += 100;
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    return { operation, pattern: new RegExp(`^${source}/?$`), names, rank };
  }).sort((a, b) => b.rank - a.rank);
  return templates;
}

export interface OperationMatch {
  operation: Operation;
  /** Path parameters, decoded (`{*}` is named "*"). */
  params: Record<string, string>;
}

/**
 * The operation for `method` and `pathname` (which starts with /v2), or, when the path is
 * known but not with this method, the operations the path has.
 */
export function matchOperation(method: string, pathname: string): OperationMatch | { methods: Operation[] } | undefined {
  const upper = method.toUpperCase();
  const onPath: Operation[] = [];
  for (const template of compiled()) {
    const hit = template.pattern.exec(pathname);
    if (!hit) continue;
    if (template.operation.method !== upper) {
      onPath.push(template.operation);
      continue;
    }
    const params: Record<string, string> = {};
    template.names.forEach((name, i) => {
      params[name] = safeDecode(hit[i + 1]!);
    });
    return { operation: template.operation, params };
  }
  return onPath.length ? { methods: onPath } : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

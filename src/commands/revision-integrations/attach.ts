import { operationCommand } from "../../cli/operation-command.ts";
import { isUuid } from "../../cli/values.ts";
import { printable } from "../../printable.ts";
import { NotFoundError, UsageError } from "../../errors.ts";
import { revisionArgs, revisionPath } from "./_args.ts";

export default operationCommand({
  meta: {
    description: "Attach integrations of the team's catalog to a revision, by slug (the catalog entry's type) or id",
    examples: [
      "duvo revision-integrations attach --agent <agent-id> --revision <revision-id> --integration gmail --integration slack",
      "duvo revision-integrations attach --agent <agent-id> --revision <revision-id> --integration case-queue-consumer --json",
    ],
    notes: "A slug is looked up in the team's integration catalog (its entries' type). A case-queue slot needs a queue too: duvo revision-integrations queues set.",
  },
  operation: "attachRevisionIntegrations",
  args: {
    ...revisionArgs,
    integration: { type: "string", repeatable: true, description: "A catalog integration's slug or id (repeat for more)", valueHint: "slug" },
  },
  request: async (args, runtime) => {
    if (args.integration.length === 0) throw new UsageError("give at least one --integration");
    const path = revisionPath(args);
    const slugs = args.integration.filter((value) => !isUuid(value));
    const ids = new Map<string, string>();
    if (slugs.length > 0) {
      const { call } = await runtime.api();
      const { collectPages } = await import("../../api/paging.ts");
      const { items } = await collectPages({
        offset: 0,
        limit: undefined,
        pageSize: 100,
        fetchPage: async (page) => {
          const answer = await call("listIntegrations", { query: page });
          return { items: answer.integrations, total: answer.total };
        },
      });
      for (const slug of slugs) {
        const found = items.filter((entry) => entry.type === slug);
        if (found.length === 0) {
          const known = [...new Set(items.map((entry) => entry.type))].join(", ");
          throw new NotFoundError(`no integration "${printable(slug)}" in the team's catalog${known ? `; it has: ${known}` : ""}`);
        }
        if (found.length > 1)
          throw new UsageError(`several catalog integrations are "${printable(slug)}": ${found.map((entry) => `${entry.name} (${entry.id})`).join(", ")}; give an id`);
        ids.set(slug, found[0]!.id);
      }
    }
    const integrationIds = [...new Set(args.integration.map((value) => ids.get(value) ?? value.toLowerCase()))];
    return { path, body: { integration_ids: integrationIds } };
  },
  show: { done: (answer) => `Attached ${answer.count} integration${answer.count === 1 ? "" : "s"}.` },
});

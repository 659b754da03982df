/**
 * One valibot schema per Duvo v2 API object (docs/contract.md, "The Duvo v2 API"). The client checks every response
 * with these, the emulator builds its answers from the same types, and the tests reuse
 * them, so the three cannot drift apart.
 *
 * Objects are `looseObject`: fields the API adds later are tolerated and passed through
 * untouched (the CLI's `--json` is a superset of the API response). Status values are
 * plain strings so a future status never breaks the client.
 */
import * as v from "valibot";

const nullableString = v.nullable(v.string());

export const TeamSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  organization_id: v.optional(nullableString),
});
export type Team = v.InferOutput<typeof TeamSchema>;

export const TeamListSchema = v.looseObject({ teams: v.array(TeamSchema) });

export const ProfileSchema = v.looseObject({
  profile: v.looseObject({
    id: v.string(),
    name: v.nullish(v.string()),
    email: v.nullish(v.string()),
    teamId: v.nullish(v.string()),
  }),
});
export type Profile = v.InferOutput<typeof ProfileSchema>["profile"];

export const BuildSchema = v.looseObject({
  id: v.string(),
  name: v.nullish(v.string()),
  revision_number: v.nullish(v.number()),
  status: v.nullish(v.string()),
});

export const AgentSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  team_id: v.nullish(v.string()),
  created_at: v.nullish(v.string()),
  updated_at: v.nullish(v.string()),
  last_run_at: v.nullish(v.string()),
  pinned_at: v.nullish(v.string()),
  latest_build: v.nullish(BuildSchema),
});
export type Agent = v.InferOutput<typeof AgentSchema>;

export const AgentListSchema = v.looseObject({
  agents: v.array(AgentSchema),
  total: v.number(),
  limit: v.number(),
  offset: v.number(),
});

export const AgentEnvelopeSchema = v.looseObject({
  agent: AgentSchema,
  user_context: v.nullish(v.looseObject({ pinned_at: v.nullish(v.string()) })),
});

// The API always sends every Run key; the client insists only on what it needs
// (id, agent, status, times) so a server that omits a detail still works.
export const RunSchema = v.looseObject({
  id: v.string(),
  agent_id: v.string(),
  build_id: v.nullish(v.string()),
  status: v.string(),
  source: v.nullish(v.string()),
  sandbox_id: v.nullish(v.string()),
  started_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
  created_at: v.string(),
  updated_at: v.string(),
  human_in_the_loop_enabled: v.optional(v.boolean()),
});
export type Run = v.InferOutput<typeof RunSchema>;

export const QuestionOptionSchema = v.looseObject({
  label: v.string(),
  description: v.optional(v.string()),
});

export const QuestionSchema = v.looseObject({
  question: v.string(),
  header: v.optional(v.string()),
  options: v.optional(v.array(QuestionOptionSchema)),
  multi_select: v.optional(v.boolean()),
});
export type Question = v.InferOutput<typeof QuestionSchema>;

export const HumanRequestSchema = v.looseObject({
  id: v.string(),
  title: v.string(),
  description: v.nullish(v.string()),
  created_at: v.string(),
  type: v.string(), // "approval" | "question"; unknown types are shown, not rejected
  questions: v.optional(v.array(QuestionSchema)),
});
export type HumanRequest = v.InferOutput<typeof HumanRequestSchema>;

export const RunEnvelopeSchema = v.looseObject({ run: RunSchema });

export const RunDetailsSchema = v.looseObject({
  run: v.nullable(RunSchema),
  pending_human_request: v.optional(v.nullable(HumanRequestSchema)),
});
export type RunDetails = v.InferOutput<typeof RunDetailsSchema>;

export const RunSummarySchema = v.looseObject({
  id: v.string(),
  created_at: v.string(),
  updated_at: v.string(),
  started_at: v.nullish(v.string()),
  completed_at: v.nullish(v.string()),
  status: v.string(),
  source: v.nullish(v.string()),
  title: v.nullish(v.string()),
  run_number: v.nullish(v.number()),
  agent_id: v.string(),
  agent_name: v.nullish(v.string()),
  build_id: v.nullish(v.string()),
});
export type RunSummary = v.InferOutput<typeof RunSummarySchema>;

export const RunListSchema = v.looseObject({
  data: v.array(RunSummarySchema),
  total: v.number(),
});

export const ToolCallSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  arguments: v.optional(v.unknown()),
});

export const ToolResultSchema = v.looseObject({
  tool_call_id: v.string(),
  result: v.optional(v.unknown()),
  error: v.optional(v.nullable(v.string())),
});

export const MessageSchema = v.looseObject({
  id: v.string(),
  type: v.string(),
  role: v.string(),
  timestamp: v.string(),
  text_content: v.optional(v.nullable(v.string())),
  tool_call: v.optional(v.nullable(ToolCallSchema)),
  tool_result: v.optional(v.nullable(ToolResultSchema)),
});
export type Message = v.InferOutput<typeof MessageSchema>;

export const MessagePageSchema = v.looseObject({
  messages: v.array(MessageSchema),
  total: v.number(),
  limit: v.number(),
  offset: v.number(),
});
export type MessagePage = v.InferOutput<typeof MessagePageSchema>;

export const SentMessageSchema = v.looseObject({
  message: v.looseObject({
    id: v.string(),
    type: v.string(),
    role: v.string(),
    timestamp: v.string(),
    text_content: v.nullish(v.string()),
  }),
});

export const StopResultSchema = v.looseObject({
  success: v.boolean(),
  message: v.optional(v.nullable(v.string())),
});

export const RespondResultSchema = v.looseObject({
  human_request: v.looseObject({
    id: v.string(),
    run_id: v.string(),
    title: v.string(),
    description: nullableString,
    response: v.nullable(v.unknown()),
    responded_at: nullableString,
    created_at: v.string(),
  }),
});

export const EvaluationSchema = v.looseObject({
  data: v.nullable(
    v.looseObject({
      id: v.string(),
      created_at: v.string(),
      run_id: v.string(),
      source: v.nullish(v.string()),
      output: v.looseObject({
        schemaId: v.optional(v.unknown()),
        schemaVersion: v.optional(v.unknown()),
        data: v.unknown(),
      }),
    }),
  ),
});

export const ErrorBodySchema = v.looseObject({
  error: v.string(),
  message: v.optional(v.nullable(v.string())),
});
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

/** Run states as the client treats them (docs/contract.md, "Run states"). Anything unknown counts as busy. */
export const TERMINAL_STATUSES = new Set(["completed", "failed", "stopped", "interrupted"]);
export const NEEDS_HUMAN_STATUSES = new Set(["waiting", "needs_attention"]);
export const isTerminal = (status: string) => TERMINAL_STATUSES.has(status);
export const needsHuman = (status: string) => NEEDS_HUMAN_STATUSES.has(status);

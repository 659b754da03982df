/**
 * The emulator's fixed world: two teams, their keys, users and agents. Everything here has
 * a fixed value so docs, demos and tests can name it (the demo key is not a secret).
 */
import type { ScenarioName } from "./scenarios.ts";

export interface AgentFixture {
  id: string;
  name: string;
  scenario: ScenarioName;
  description: string;
  /** A pinned agent shows a `pinned_at` (a field the client displays); the others are not pinned. */
  pinned?: boolean;
}

export interface TeamFixture {
  id: string;
  name: string;
  organizationId: string | null;
  apiKey: string;
  user: { id: string; name: string; email: string };
  agents: readonly AgentFixture[];
  /** Other teams this key sees too (listed by GET /v2/teams, reachable by their id). */
  alsoSees?: readonly string[];
}

export const DEMO_API_KEY = "dv_demo_4f8a2c9e1b7d3a5f6e0c2b8d9a1f7e3c";
export const DEMO_TEAM_ID = "5e1f0c2a-7d3b-4c9e-8a10-000000000001";
export const DEMO_USER_ID = "5e1f0c2a-7d3b-4c9e-8a20-000000000001";

/** A second team, only there so tests can check that a key cannot reach across teams. */
export const OTHER_TEAM_KEY = "dv_other_9b3e7d1f5a2c8e4b0d6f1a3c5e7b9d2f";
export const OTHER_TEAM_ID = "5e1f0c2a-7d3b-4c9e-8a10-000000000002";
export const OTHER_USER_ID = "5e1f0c2a-7d3b-4c9e-8a20-000000000002";
export const OTHER_AGENT_ID = "5e1f0c2a-7d3b-4c9e-8a30-000000000099";

/** A key that sees two teams, its own and the demo team: commands must be told which one to act in. */
export const MULTI_TEAM_KEY = "dv_multi_2c6e0a4f8b1d3e5a7c9f0b2d4e6a8c1e";
export const MULTI_TEAM_ID = "5e1f0c2a-7d3b-4c9e-8a10-000000000003";
export const DEMO_ORG_ID = "5e1f0c2a-7d3b-4c9e-8a50-000000000001";

/** The demo team's scripted agents, one per scenario (see scenarios.ts). */
export const DEMO_AGENTS = [
  {
    id: "5e1f0c2a-7d3b-4c9e-8a30-000000000001",
    name: "Invoice Reconciler",
    scenario: "complete",
    description: "Matches incoming invoices against ledger payments.",
    pinned: true,
  },
  {
    id: "5e1f0c2a-7d3b-4c9e-8a30-000000000002",
    name: "Vendor Payment Approval",
    scenario: "approval",
    description: "Prepares vendor payments and asks for approval before paying.",
  },
  {
    id: "5e1f0c2a-7d3b-4c9e-8a30-000000000003",
    name: "Customer Follow-up",
    scenario: "question",
    description: "Drafts follow-up emails; asks what to say.",
  },
  {
    id: "5e1f0c2a-7d3b-4c9e-8a30-000000000004",
    name: "Release Planner",
    scenario: "questions",
    description: "Plans a release; asks for the region and the announcement channels.",
  },
  {
    id: "5e1f0c2a-7d3b-4c9e-8a30-000000000005",
    name: "Broken Importer",
    scenario: "fail",
    description: "Imports a CSV file into the CRM (and fails).",
  },
  {
    id: "5e1f0c2a-7d3b-4c9e-8a30-000000000006",
    name: "Bulk Exporter",
    scenario: "bulk",
    description: "Writes many messages; start it with a number as the message to choose how many.",
  },
] as const satisfies readonly AgentFixture[];

/** Agent id by scenario, e.g. `AGENT_IDS.approval`. */
export const AGENT_IDS = Object.fromEntries(DEMO_AGENTS.map((a) => [a.scenario, a.id])) as Record<ScenarioName, string>;

export const TEAMS: readonly TeamFixture[] = [
  {
    id: DEMO_TEAM_ID,
    name: "Demo team",
    organizationId: DEMO_ORG_ID,
    apiKey: DEMO_API_KEY,
    user: { id: DEMO_USER_ID, name: "Demo User", email: "demo@example.com" },
    agents: DEMO_AGENTS,
  },
  {
    id: OTHER_TEAM_ID,
    name: "Other team",
    organizationId: null,
    apiKey: OTHER_TEAM_KEY,
    user: { id: OTHER_USER_ID, name: "Other User", email: "other@example.com" },
    agents: [
      {
        id: OTHER_AGENT_ID,
        name: "Other Team Reconciler",
        scenario: "complete",
        description: "Belongs to the other team.",
      },
    ],
  },
  {
    id: MULTI_TEAM_ID,
    name: "Ops team",
    organizationId: DEMO_ORG_ID,
    apiKey: MULTI_TEAM_KEY,
    user: { id: "5e1f0c2a-7d3b-4c9e-8a20-000000000003", name: "Ops User", email: "ops@example.com" },
    agents: [],
    alsoSees: [DEMO_TEAM_ID],
  },
];

/** Agents and builds were "created" at fixed times, so their listings never change. */
export const FIXTURE_CREATED_AT = "2025-01-15T09:00:00.000Z";
export const FIXTURE_UPDATED_AT = "2025-03-02T14:30:00.000Z";

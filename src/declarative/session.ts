/**
 * The three things the commands do, below the command line: export a team, plan a file
 * against it, and apply a plan's steps. Only GETs happen before `applySteps`.
 */
import type { Call } from "../api/call.ts";
import { CliError, UsageError } from "../errors.ts";
import { type Exported, toManifest } from "./export.ts";
import { checkLiveUnique, type Live, readAgents, readTeam } from "./live.ts";
import { loginName, type Manifest, parseManifest, resolveEnv } from "./manifest.ts";
import { type ApplyContext, type Change, liveFingerprint, liveIds, type Plan, PLAN_FORMAT, planOf, planSteps, type Step, usedNames } from "./plan.ts";

/** The team as a manifest: all its agents, or those of these ids. */
export async function exportTeam(call: Call, teamId: string, agentIds: string[] | undefined): Promise<Exported> {
  const live = await readTeam(call, teamId);
  checkLiveUnique(live);
  const ids = agentIds ?? live.agents.map((a) => a.id);
  for (const id of ids) if (!live.agents.some((a) => a.id === id)) throw new CliError(`--agent ${id}: no such agent in the team`, 3);
  await readAgents(call, live, ids);
  return toManifest(live, ids);
}

/** What the team has that the file talks about: the team-wide lists and the named agents in detail. */
export async function readFor(call: Call, teamId: string, manifest: Manifest): Promise<Live> {
  const live = await readTeam(call, teamId);
  checkLiveUnique(live, usedNames(manifest));
  const named = new Set((manifest.agents ?? []).map((a) => a.name));
  await readAgents(
    call,
    live,
    live.agents.filter((a) => named.has(a.name)).map((a) => a.id),
  );
  return live;
}

export interface Planned {
  live: Live;
  steps: Step[];
  plan: Plan;
}

export async function planFor(call: Call, teamId: string, manifest: Manifest, prune: boolean): Promise<Planned> {
  const live = await readFor(call, teamId, manifest);
  const steps = planSteps(manifest, live, prune);
  return { live, steps, plan: planOf(steps, manifest, live, prune) };
}

/** A saved plan (`duvo plan -o`), checked: its format, and its file checked again like a file given with -f. */
export async function readPlanFile(text: string, file: string): Promise<Plan> {
  let raw: Partial<Plan>;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: not a plan (not JSON); a manifest is given with -f`);
  }
  if (raw?.format !== PLAN_FORMAT) throw new UsageError(`${file}: not a plan of this version (format is not "${PLAN_FORMAT}"); a manifest is given with -f`);
  if (typeof raw.team !== "string" || typeof raw.fingerprint !== "string" || typeof raw.prune !== "boolean") throw new UsageError(`${file}: the plan is incomplete`);
  const manifest = await parseManifest(JSON.stringify(raw.manifest ?? null), `${file} (manifest)`);
  return { ...(raw as Plan), manifest };
}

/** Refuses a saved plan made against another team or a team that changed since (exit 1, nothing sent). */
export function checkPlanCurrent(saved: Plan, live: Live): void {
  checkPlanTeam(saved, live.teamId);
  if (saved.fingerprint !== liveFingerprint(live)) {
    throw new CliError("the team changed since the plan was made: nothing applied", 1, "Make a new plan (duvo plan -f <file> -o plan.json) and review it.");
  }
}

/** Refuses a saved plan made for another team, before anything is read. */
export function checkPlanTeam(saved: Plan, teamId: string): void {
  if (saved.team !== teamId) throw new CliError(`the plan was made for team ${saved.team}, not ${teamId}: nothing applied`);
}

/** Every environment variable the plan's secret and login changes need, before anything is sent (exit 4 naming the first missing one). */
export function checkEnvironment(manifest: Manifest, changes: Change[], env: Record<string, string | undefined>): void {
  for (const change of changes) {
    if (change.action === "remove") continue;
    if (change.kind === "secret") {
      const spec = manifest.secrets!.find((s) => s.name === change.name)!;
      if (change.action === "create" || change.fields.some((f) => f.field === "variables")) {
        for (const [key, ref] of Object.entries(spec.variables)) resolveEnv(ref, env, `secrets "${spec.name}" variables.${key}`);
      }
    }
    if (change.kind === "login") {
      const spec = manifest.logins!.find((l) => loginName(l) === change.name)!;
      if (spec.password) resolveEnv(spec.password, env, `logins "${change.name}" password`);
      if (spec.otp_secret) resolveEnv(spec.otp_secret, env, `logins "${change.name}" otp_secret`);
    }
  }
}

/** Sends the steps in order; `done` hears of each change once made. A failure stops there (the next apply continues from what the team then has). */
export async function applySteps(call: Call, live: Live, steps: Step[], env: Record<string, string | undefined>, done: (change: Change) => Promise<void>): Promise<void> {
  const ctx: ApplyContext = { call, live, env, ids: liveIds(live) };
  for (const step of steps) {
    await step.run(ctx);
    await done(step.change);
  }
}

/**
 * The official CLI's own documentation (github.com/duvoai/skills at 157bf59, skills/duvo-cli/:
 * SKILL.md, references/workflows.md, references/api-escape-hatch.md): its command lines, copied
 * here verbatim, run by bash with the compiled `duvo` and jq on PATH against the emulator, in
 * the order the documents give them. What the documents leave to the reader is filled in the
 * way a reader would: `<agent-id>`-style placeholders become real ids, and the files the
 * recipes read are written first. The lines that do not run unchanged, and why, are listed at
 * the end (NOT_RUN) and in docs/official-cli-compatibility.md.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { AGENT_IDS, type Emulator } from "../src/emulator/index.ts";
import { allowInvalidRequests, BINARY, eventually, runDuvo, scriptedPrompter, tempDir, testEmulator, SLOW_TEST_MS } from "./helpers.ts";
import { BASH } from "./script-suite.ts";

let emulator: Emulator;
let cwd: string;
const vars: Record<string, string> = {};
const PLACEHOLDERS: Record<string, () => string> = {};

beforeAll(async () => {
  emulator = await testEmulator({ speed: 400 });
  cwd = tempDir("duvo-official-docs-");
});
afterAll(() => emulator.stop());

const env = () => ({
  PATH: `${dirname(BINARY)}:${process.env.PATH}`,
  HOME: cwd,
  DUVO_API_BASE_URL: emulator.url,
  DUVO_API_KEY: emulator.apiKey,
  DUVO_CONFIG_DIR: join(cwd, "config"),
  DUVO_POLL_SCALE: "0.02",
  NO_COLOR: "1",
  ...vars,
});

/**
 * Runs one command line of the documents as written (placeholders filled) and returns what it
 * printed; an assignment `name=$(…)` also sets `$name` for the lines after it.
 */
async function run(line: string, expected = 0, stdin?: string): Promise<{ stdout: string; stderr: string }> {
  const filled = line.replace(/<([a-z0-9-]+)>/g, (whole, name: string) => (PLACEHOLDERS[name] ? PLACEHOLDERS[name]!() : whole));
  const assigned = /^(\w+)="?\$\(/.exec(filled)?.[1];
  const script = `set -o pipefail\n${filled}${assigned ? `\nprintf '%s' "$${assigned}"` : ""}`;
  const child = Bun.spawn([BASH, "-c", script], { cwd, env: env(), stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
  const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  if (code !== expected) throw new Error(`${line}\nexit ${code} (expected ${expected})\n${stderr}${stdout}`);
  if (assigned) {
    expect(stdout).not.toBe("");
    expect(stdout).not.toBe("null");
    vars[assigned] = stdout;
  }
  return { stdout, stderr };
}

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json() as Promise<any>;
};
/** The revision new runs use (its status is `live`). */
const liveRevisionOf = async (agent: string) => (await call("GET", `/v2/agents/${agent}/revisions`)).builds.find((build: { status: string }) => build.status === "live").id;
const lastBody = (operationId: string) => emulator.requests.findLast((request) => request.operationId === operationId)?.body;

describe("SKILL.md", () => {
  test("install check, API-key login, profiles, help, the --json pipe, the agent-then-run recipe", async () => {
    PLACEHOLDERS.key = () => emulator.apiKey;
    expect((await run("duvo --version")).stdout).toStartWith("duvo ");
    await run("duvo login --api-key <key>       # skip OAuth and store an API key directly");
    // workflows.md §1 gives the named form as the headless alternative:
    await run("duvo login --name acme --api-key <key>");
    expect((await run("duvo whoami                      # confirm who's signed in")).stdout).toContain("Demo team");
    expect((await run("duvo profiles list               # show all profiles; `▶` marks the default")).stdout).toContain("acme");
    await run("duvo profiles use acme           # set a named profile as the default");
    expect((await run("duvo --profile acme whoami       # one-off override for a single command")).stdout).toContain("acme");
    for (const line of [
      "duvo --help                      # global help, lists every top-level group",
      "duvo agents --help               # subcommand group",
      "duvo agents create --help        # exact flags for one command",
    ]) {
      expect((await run(line)).stdout).toContain("Usage");
    }
    expect((await run("duvo agents list --json | jq '.agents[].id'")).stdout).toContain(`"${AGENT_IDS.complete}"`);
    await run('agent=$(duvo agents create --name "Ops bot" --input "What to do" --json | jq -r .agent.id)');
    await run('duvo runs start --agent "$agent"');
    expect(emulator.requests.findLast((request) => request.operationId === "startRun")?.body).toMatchObject({ agent_id: vars.agent });
  });
});

describe("workflows.md", () => {
  const section1 = async () => {
    // §2 create an agent and start a run: follow inline, capture the id, NDJSON
    await run(`agent_id=$(
  duvo agents create \\
    --name "Customer onboarding" \\
    --input "Process new customer onboarding requests from the inbox." \\
    --json \\
  | jq -r .agent.id
)`);
    await run('echo "Agent: $agent_id"');
    expect((await run(`duvo runs start --agent "$agent_id" --message "Process today's queue." --follow`)).stdout).toContain("Process today's queue.");
    await run(`run_id=$(
  duvo runs start --agent "$agent_id" --message "Process today's queue." --json \\
  | jq -r .run.id
)`);
    expect((await run('duvo runs messages "$run_id" --follow')).stdout).toContain("Process today's queue.");
    const ndjson = await run(`duvo runs start --agent "$agent_id" --message "Process today's queue." --follow --json \\
  | while IFS= read -r line; do
      echo "$line" | jq -r '.text_content // empty'
    done`);
    expect(ndjson.stdout).toContain("Process today's queue.\n");
  };

  const section2 = async () => {
    // §3 respond to a human-in-the-loop request: --approve, --deny (request id left out)
    for (const line of ['duvo runs respond "$run_id" --approve', 'duvo runs respond "$run_id" --deny']) {
      const started = await call("POST", `/v2/teams/${emulator.teamId}/runs`, { agent_id: AGENT_IDS.approval });
      vars.run_id = started.run.id;
      await eventually(() => emulator.getRun(vars.run_id!)?.status === "waiting");
      await run(line);
      expect(lastBody("respondToHumanRequest")).toEqual({ approved: line.endsWith("--approve") });
    }
  };

  const section3 = async () => {
    // §4 a queue: producer and consumer (--concurrency 3), the checks, cases, labels
    PLACEHOLDERS["producer-agent-id"] = () => AGENT_IDS.complete;
    PLACEHOLDERS["consumer-agent-id"] = () => AGENT_IDS.approval;
    await run('queue=$(duvo queues create --name "Inbound invoices" --json | jq -r .queue.id)');
    await run('duvo queues link-agent "$queue" --agent <producer-agent-id> --role producer');
    await run(`duvo queues link-agent "$queue" --agent <consumer-agent-id> \\
  --role consumer --enable-trigger --concurrency 3`);
    expect(lastBody("createAgentCaseTrigger")).toEqual({ case_queue_id: vars.queue, enabled: true, concurrency: 3 });
    expect((await run('duvo queues agents "$queue"')).stdout).toMatch(/consumer\s+\S+\s+Vendor Payment Approval\s+yes\s+3\s/);
    await run('duvo queues unlink-agent "$queue" --agent <consumer-agent-id> --role consumer');

    vars.agent = AGENT_IDS.complete; // agent=<agent-id>
    await run(`revision=$(duvo revisions list --agent "$agent" --json | jq -r '.builds[] | select(.status == "live") | .id')`);
    expect(vars.revision).toBe(await liveRevisionOf(AGENT_IDS.complete));
    PLACEHOLDERS["agent-id"] = () => vars.agent!;
    PLACEHOLDERS["revision-id"] = () => vars.revision!;
    PLACEHOLDERS["queue-id"] = () => vars.queue!;
    await run(`duvo revision-integrations case-queue-setup \\
  --agent <agent-id> --revision <revision-id>`);
    await run('duvo revision-integrations case-queue-setup --agent "$agent" --revision "$revision"');
    const slots = JSON.parse((await run('duvo revision-integrations list --agent "$agent" --revision "$revision" --json')).stdout);
    PLACEHOLDERS["slot-id"] = () => slots.integrations[0].id;
    await run(`duvo revision-integrations connections list \\
  --agent "$agent" --revision "$revision" --integration <slot-id> --json`);
    await run('duvo agents case-triggers list "$agent"');
    await run("duvo queues agents <queue-id>");
    await run('duvo cases create --queue <queue-id> --title "setup smoke test"');
    await run('duvo runs list --agent "$agent" --limit 1');

    await run(`duvo cases create --queue "$queue" \\
  --title "INV-1042" \\
  --data "Vendor: Acme; amount: 1240.00 USD; due: 2026-06-01"`);
    await run(`cat > cases.json <<'JSON'
[
  { "title": "INV-1043", "data": "Vendor: BetaCo; amount: 880.00 EUR" },
  { "title": "INV-1044", "data": "Vendor: GammaInc; amount: 2300.00 USD",
    "labels": [{ "key": "priority", "value": "high" }] }
]
JSON`);
    await run('duvo cases create --queue "$queue" --from-file cases.json');
    await run(`echo '[{"title":"INV-1045"}]' | duvo cases create --queue "$queue" --from-file -`);
    expect((await run('duvo cases list --queue "$queue" --status pending,processing')).stdout).toContain("INV-1045");
    const cases = (await call("GET", `/v2/queues/${vars.queue}/cases?limit=100`)).cases as { id: string }[];
    PLACEHOLDERS["case-id"] = () => cases[0]!.id;
    await run("duvo cases get <case-id>");
    await run('duvo queue-labels create --queue "$queue" --key priority --value high');
    await run('duvo cases labels assign <case-id> --queue "$queue" --label "priority=urgent"');
    await run('duvo cases labels unlink <case-id> --queue "$queue" --label "priority=urgent"');

    // bulk-reprocess asks first (a destructive command): at a terminal, as the recipe is typed.
    const ids = cases.slice(0, 3).map((item) => item.id);
    const { prompter, asked } = scriptedPrompter({ confirm: [true] });
    const argv = ["cases", "bulk-reprocess", "--queue", vars.queue!, "--agent", AGENT_IDS.approval, "--ids", ids.join(",")]; // --ids "<id1>,<id2>,<id3>"
    const reprocessed = await runDuvo(argv, { tty: true, prompter, env: env() });
    expect(reprocessed.code).toBe(0);
    expect(asked).toHaveLength(1);
  };

  const section4 = async () => {
    // §5 sandboxed runs with uploaded files
    writeFileSync(join(cwd, "report.pdf"), "%PDF-1.4\n");
    writeFileSync(join(cwd, "customers.csv"), "id,name\n1,Acme\n");
    await run("sandbox=$(duvo sandboxes create --json | jq -r .sandbox_id)");
    await run('duvo sandboxes upload "$sandbox" ./report.pdf');
    await run('duvo sandboxes upload "$sandbox" ./customers.csv');
    await run('duvo sandboxes prepare-upload-url "$sandbox" --path big-file.bin --json');
    expect((await run('duvo sandboxes files "$sandbox"')).stdout).toContain("customers.csv");
    await run('duvo runs start --agent "$agent_id" --sandbox-id "$sandbox"');
    expect(lastBody("startRun")).toMatchObject({ agent_id: vars.agent_id, sandbox_id: vars.sandbox });
  };

  const section5 = async () => {
    // §7 a new revision: create from a file, list its slots, promote it with --agent
    writeFileSync(
      join(cwd, "agent-config.json"),
      JSON.stringify({
        version: "v2",
        data: { models: { agent: { model: "gpt-5" }, browsing: { provider: "google", model: "gemini-2.5-flash" } }, input: "Onboard customers; tell Slack." },
      }),
    );
    await run(`revision=$(
  duvo revisions create \\
    --agent "$agent_id" \\
    --name "v2 — added Slack notifications" \\
    --config-file ./agent-config.json \\
    --json \\
  | jq -r .build.id
)`);
    await run(`duvo revision-integrations attach \\
  --agent "$agent_id" --revision "$revision" \\
  --integration slack`); // the recipe adds `--integration google_sheets`: see NOT_RUN
    const slots = JSON.parse(
      (
        await run(`duvo revision-integrations list \\
  --agent "$agent_id" --revision "$revision" --json`)
      ).stdout,
    );
    PLACEHOLDERS["slot-id"] = () => slots.integrations[0].id;
    await run(`duvo revision-integrations connections list \\
  --agent "$agent_id" --revision "$revision" --integration <slot-id>`);
    await run(`duvo revisions promote "$revision" \\
  --agent "$agent_id" \\
  --description "Roll out Slack notifications"`);
    expect(lastBody("promoteRevision")).toEqual({ revision_description: "Roll out Slack notifications" });
    expect(await liveRevisionOf(vars.agent_id!)).toBe(vars.revision);
    // --agent is checked: another agent's revision is exit 3, nothing promoted.
    await run(`duvo revisions promote "$revision" --agent ${AGENT_IDS.fail}`, 3);
  };

  const section6 = async () => {
    // §8 team files: presigned upload with curl, read, edit
    writeFileSync(join(cwd, "policy.md"), "# Policy\n\nBe kind.\n");
    await run(`upload=$(duvo files upload-url \\
  --file-name policy.md --content-type text/markdown --json)`);
    await run(`signed_url=$(echo "$upload" | jq -r .signedUrl)`);
    await run(`file_path=$(echo "$upload" | jq -r .filePath)`);
    await run(`curl -X PUT \\
  -H "Content-Type: text/markdown" \\
  --data-binary @./policy.md "$signed_url"`);
    expect((await run("duvo files list")).stdout).toContain("policy.md");
    expect((await run('duvo files content "$file_path"')).stdout).toBe("# Policy\n\nBe kind.\n");
    await run('duvo files content-set "$file_path" --content-file ./policy.md');
  };

  const section7 = async () => {
    // §11 CI: find a queue by name, import cases, pipe --json to jq
    await call("POST", `/v2/teams/${emulator.teamId}/queues`, { name: "Onboarding" });
    await run(`queue_id="$(duvo queues list --json | jq -r '.queues[] | select(.name=="Onboarding") | .id')"`);
    const imported = await run('duvo cases create --queue "$queue_id" --from-file cases.json --json | jq .');
    expect(JSON.parse(imported.stdout)).toBeDefined();
  };

  // The sections carry their variables ($agent_id, $queue, $revision, …) from one to the next, as a
  // reader of the document does: they run in its order, in one test.
  test(
    "§2 to §11 in the order of the document",
    async () => {
      await section1(); // §2 create an agent and start a run: follow inline, capture the id, NDJSON
      await section2(); // §3 respond to a human-in-the-loop request: --approve, --deny (request id left out)
      await section3(); // §4 a queue: producer and consumer (--concurrency 3), the checks, cases, labels
      await section4(); // §5 sandboxed runs with uploaded files
      await section5(); // §7 a new revision: create from a file, list its slots, promote it with --agent
      await section6(); // §8 team files: presigned upload with curl, read, edit
      await section7(); // §11 CI: find a queue by name, import cases, pipe --json to jq
    },
    SLOW_TEST_MS,
  );
});

describe("api-escape-hatch.md and the api lines of the other two: the field syntax, on /v2 paths", () => {
  beforeEach(() => allowInvalidRequests()); // duvo api sends what it is told
  // The documents' paths are /v1/… (NOT_RUN); each line runs here with its path replaced by a /v2
  // one and --no-validate (the emulator then refuses the made-up bodies), to check what is sent.
  const v2 = (line: string, path: string) => line.replace(/\/v1\/\S+/, `${path} --no-validate`);
  const AGENTS = "'/v2/teams/{teamId}/agents'";

  test("-f strings, -F typed values, key[sub] objects, @file JSON, key[] arrays, GET query strings, --input", async () => {
    writeFileSync(join(cwd, "build.json"), '{"name":"v2","enabled":true}\n');
    writeFileSync(join(cwd, "integrations.json"), '["slack"]\n');
    writeFileSync(join(cwd, "agent.json"), '{"name":"From a file"}\n');
    writeFileSync(join(cwd, "body.json"), '{"name":"From body.json"}\n');
    const sentBody = () => emulator.requests.at(-1)!.body;
    const sentQuery = () => emulator.requests.at(-1)!.query;
    const anyExit = async (line: string) => {
      const filled = line.replace(/<([a-z-]+)>/g, "00000000-0000-4000-8000-000000000001");
      await Bun.spawn([BASH, "-c", `set -o pipefail\n${filled}`], { cwd, env: env(), stdout: "ignore", stderr: "ignore" }).exited;
    };

    await anyExit(v2("duvo api GET /v1/agents -F limit=20 -F offset=0", AGENTS));
    expect(sentQuery()).toEqual({ limit: "20", offset: "0" });
    await anyExit(v2('duvo api POST /v1/agents -f name="Ops bot" -F build[name]="v1"', AGENTS));
    expect(sentBody()).toEqual({ name: "Ops bot", build: { name: "v1" } });
    await anyExit(v2(`duvo api POST /v1/agents \\\n  -f name="Ops bot" \\\n  -F build[name]="v1" \\\n  -F build[enabled]=true`, AGENTS));
    expect(sentBody()).toEqual({ name: "Ops bot", build: { name: "v1", enabled: true } });
    await anyExit(v2('duvo api POST /v1/agents -f name="Ops bot" -F build=@build.json', AGENTS));
    expect(sentBody()).toEqual({ name: "Ops bot", build: { name: "v2", enabled: true } });
    await anyExit(v2(`duvo api POST /v1/agents \\\n  -f name="Ops bot" \\\n  -F build=@build.json \\\n  -F integrations=@integrations.json`, AGENTS));
    expect(sentBody()).toEqual({ name: "Ops bot", build: { name: "v2", enabled: true }, integrations: ["slack"] });
    await anyExit(v2("duvo api POST /v1/agents --input body.json", AGENTS));
    expect(sentBody()).toEqual({ name: "From body.json" });
    await anyExit(v2("cat ./agent.json | duvo api POST /v1/agents --input -", AGENTS));
    expect(sentBody()).toEqual({ name: "From a file" });
    const queues = "/v2/agents/<id>/revisions/<rev>/integrations/<int>/queues";
    await anyExit(v2(`duvo api PUT /v1/agents/<id>/revisions/<rev>/integrations/<int>/queues \\\n  -F "queue_ids[]=<id-a>" -F "queue_ids[]=<id-b>"`, queues));
    expect(sentBody()).toEqual({ queue_ids: ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000001"] });
    await anyExit(v2(`jq -n --arg name "New name" '{name: $name}' \\\n  | duvo api PATCH /v1/agents/<id> --input -`, "/v2/agents/<id>"));
    expect(sentBody()).toEqual({ name: "New name" });
    await anyExit(v2("duvo api GET /v1/runs -f status=running -F limit=50", "'/v2/teams/{teamId}/runs'"));
    expect(sentQuery()).toEqual({ status: "running", limit: "50" });
    await anyExit(v2("duvo api DELETE /v1/something -F reason=null", "/v2/runs/<id>"));
    expect(sentBody()).toEqual({ reason: null });
    const counted = await run(v2("duvo api GET /v1/agents --json | jq '.agents | length'", AGENTS));
    expect(counted.stdout).toBe(`${(await call("GET", `/v2/teams/${emulator.teamId}/agents`)).agents.length}\n`);
  });
});

/**
 * The command lines of the three documents that do not run unchanged, and why (also in
 * docs/official-cli-compatibility.md). Lines of the connections, integrations and oauth
 * groups are run with the same arguments in test/connections.test.ts.
 */
export const NOT_RUN: Record<string, string> = {
  "duvo login / duvo login --name acme": "the OAuth login flow is not published: duvo login stores an API key (--api-key, or asked for at a terminal)",
  "duvo profiles use": "a picker: needs a terminal, as the document says",
  "duvo api … /v1/… (17 lines)": "the API's paths are /v2/… (no /v1 exists in the document)",
  'duvo runs respond "$run_id" --answer "approval=yes" --answer "reason=Looks fine"':
    "the question ids are illustrative: the emulator's question runs ask other questions (--answer is tested with theirs)",
  'duvo cases bulk-reprocess --queue "$queue" --agent <consumer-agent-id> --ids "<id1>,<id2>,<id3>"':
    "asks first, as a destructive command: runs as written at a terminal (tested), needs -y in a script (as the official CLI)",
  "duvo revision-integrations attach … --integration slack --integration google_sheets": "google_sheets is no slug of the API document (googlesheets, google-sheets)",
  "duvo revision-integrations connections pin <connection-id> …":
    "needs a connection of the user's (the placeholder); pinning one made first is tested in test/agents-as-code.test.ts",
  'duvo files rename --path "$file_path" --new-path policies/policy.md':
    "a move to another folder: the API renames a file in its folder only (--new-path is accepted for a path in the same folder)",
  "duvo files delete policies/policy.md -y": "deletes the file the line before would have moved",
  "duvo clarity … (workflows.md §9, 10 lines)": "the clarity group is not in duvo yet",
  "./scripts/build-cases.sh > cases.json": "the reader's own script (the recipe's cases.json is used)",
  "duvo connections probe / create / list --type, duvo oauth mcp check / authorize (workflows.md §6, §7)":
    "run with the same arguments in test/connections.test.ts (through the parser, and each group through the compiled binary)",
};

test("the lines that do not run unchanged are listed, with the same reasons, in docs/official-cli-compatibility.md", async () => {
  const text = (await Bun.file(join(import.meta.dir, "..", "docs", "official-cli-compatibility.md")).text()).replaceAll("`", "");
  for (const reason of Object.values(NOT_RUN)) expect(text).toContain(reason);
});

/**
 * src/api's small hand-written pieces, each called alone (written against the mutants that
 * survived `bun run mutate api-rest`, docs/testing.md): a human's response (the `--answer`
 * keys, option labels, the prompts), the one-line description of a body that breaks its schema,
 * the operation found for a method and path, the closest operations to a path the document
 * lacks, the run states, and the helpers of the generated schema modules. Each test compares
 * the exact result or message.
 */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { closestOperations } from "../src/api/closest-operations.ts";
import { askForResponse, buildAnswers, findQuestion, normaliseAnswer, parseAnswerFlags, responseVerb, type ResponsePrompter } from "../src/api/human-response.ts";
import { describeIssue, describeSnippet } from "../src/api/issues.ts";
import { matchOperation, OPERATIONS } from "../src/api/operations.ts";
import { anything, once, openEnum } from "../src/api/schema-helpers.ts";
import { isTerminal, needsHuman, type HumanRequest, type Question } from "../src/api/schemas.ts";

/** The message of what `run` throws (a test fails when it does not throw). */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

const REGION: Question = {
  question: "Which region first?",
  header: "Region",
  options: [{ label: "EU", description: "Frankfurt" }, { label: "US" }],
};
const CHANNELS: Question = {
  question: "Announce where?",
  header: "Channels",
  options: [{ label: "Email" }, { label: "Slack" }, { label: "Blog" }],
  multi_select: true,
};
const FREE: Question = { question: "Anything to add?" };

describe("a human's response: --answer flags, question keys and option labels", () => {
  test("each --answer splits at its first =, the key trimmed and the answer kept as typed", () => {
    expect(parseAnswerFlags([" 2 =email, slack", "Region= a=b ", "x=y"])).toEqual([
      { key: "2", answer: "email, slack" },
      { key: "Region", answer: " a=b " },
      { key: "x", answer: "y" },
    ]);
    expect(parseAnswerFlags([])).toEqual([]);
  });

  test.each([
    ["no-equals", 'invalid --answer "no-equals": expected <question-id>=<answer-text>'],
    ["=EU", 'invalid --answer "=EU": expected <question-id>=<answer-text>'],
    ["  =EU", 'invalid --answer "  =EU": the question id is empty'],
    ["1=", 'invalid --answer "1=": the answer is empty'],
    ["1=  \t", 'invalid --answer "1=  ?": the answer is empty'],
  ])("%p is refused: %s", (flag, message) => {
    expect(thrown(() => parseAnswerFlags(["1=ok", flag]))).toBe(message);
  });

  test("a key is a question's number, then its header, then its text, whatever the case and spaces", () => {
    const questions = [REGION, CHANNELS, FREE];
    expect(findQuestion(questions, "1")).toBe(0);
    expect(findQuestion(questions, " 3 ")).toBe(2);
    expect(findQuestion(questions, "  channels ")).toBe(1);
    expect(findQuestion(questions, "ANYTHING TO ADD?")).toBe(2);
    // A header or text padded with spaces in the API's answer still matches.
    expect(findQuestion([{ question: "  Budget?  ", header: "  Money " }], "money")).toBe(0);
    expect(findQuestion([{ question: "  Budget?  " }], "budget?")).toBe(0);
    // A header wins over another question's text.
    expect(findQuestion([{ question: "Channels" }, CHANNELS], "channels")).toBe(1);
  });

  test("numbers count from 1 up to the last question, and past 9 too", () => {
    const many: Question[] = Array.from({ length: 11 }, (_, index) => ({ question: `Question ${index + 1}?` }));
    expect(findQuestion(many, "10")).toBe(9);
    expect(findQuestion(many, "11")).toBe(10);
    expect(thrown(() => findQuestion([REGION, FREE], "0"))).toBe('--answer key "0" matches no question; questions are 1 (Region), 2');
    expect(thrown(() => findQuestion([REGION, FREE], "3"))).toBe('--answer key "3" matches no question; questions are 1 (Region), 2');
    // Only digits are a number: JavaScript would read these as 2, 1 and 2.
    for (const key of ["0x2", "1e0", "2.0"]) expect(thrown(() => findQuestion([REGION, FREE], key))).toBe(`--answer key "${key}" matches no question; questions are 1 (Region), 2`);
  });

  test("a key that matches two questions names both and asks for the number", () => {
    const twice: Question[] = [FREE, { question: "Anything to add?", header: "Notes" }, { question: "Again", header: "notes" }];
    expect(thrown(() => findQuestion(twice, "notes"))).toBe('--answer key "notes" matches questions 2 and 3; use the number');
    expect(thrown(() => findQuestion(twice, "anything to add?"))).toBe('--answer key "anything to add?" matches questions 1 and 2; use the number');
    expect(thrown(() => findQuestion([FREE], "nope\u0007"))).toBe('--answer key "nope?" matches no question; questions are 1');
  });

  test("an answer equal to an option label up to case and spaces is sent as the label; others as typed", () => {
    expect(normaliseAnswer(REGION, " eu ")).toBe("EU");
    expect(normaliseAnswer(REGION, " Mars ")).toBe(" Mars ");
    // One choice: a comma is part of the answer, not a list.
    expect(normaliseAnswer(REGION, "eu, us")).toBe("eu, us");
    expect(normaliseAnswer(CHANNELS, " email ,, SLACK , mastodon ,")).toBe("Email,Slack,mastodon");
    // Multi-select without options: free text, kept whole.
    expect(normaliseAnswer({ question: "Tags?", multi_select: true }, "a, b")).toBe("a, b");
    expect(normaliseAnswer(FREE, "  spaced  ")).toBe("  spaced  ");
  });

  test("answers go out keyed by question text, in the questions' order, whatever the flags' order", () => {
    const answers = buildAnswers(
      [REGION, CHANNELS, FREE],
      [
        { key: "3", answer: "No" },
        { key: "channels", answer: "blog" },
        { key: "Which region first?", answer: "us" },
      ],
    );
    expect(JSON.stringify(answers)).toBe('{"Which region first?":"US","Announce where?":"Blog","Anything to add?":"No"}');
  });

  test("every question needs one answer, and only one", () => {
    expect(thrown(() => buildAnswers([REGION, CHANNELS, FREE], [{ key: "2", answer: "Email" }]))).toBe("every question needs an answer; missing: 1 (Region), 3 (Anything to add?)");
    expect(
      thrown(() =>
        buildAnswers(
          [REGION, FREE],
          [
            { key: "2", answer: "a" },
            { key: "anything to add?", answer: "b" },
          ],
        ),
      ),
    ).toBe("question 2 was answered more than once");
    expect(buildAnswers([], [])).toEqual({});
  });

  test("what a response did, for the line that confirms it", () => {
    expect(responseVerb({ approved: true })).toBe("Approved");
    expect(responseVerb({ approved: false })).toBe("Denied");
    expect(responseVerb({ answers: { "Which region first?": "EU" } })).toBe("Answered");
  });
});

describe("a human's response asked at the terminal", () => {
  /** A prompter that records every prompt with its arguments and answers from the lists given. */
  function recording(answers: { confirm?: boolean[]; text?: string[]; select?: string[]; multiselect?: string[][] }) {
    const asked: unknown[][] = [];
    const take = <T>(list: T[] | undefined) => {
      if (!list?.length) throw new Error("unexpected prompt");
      return list.shift()!;
    };
    const prompter: ResponsePrompter = {
      confirm: async (message, initial) => {
        asked.push(["confirm", message, initial]);
        return take(answers.confirm);
      },
      text: async (message) => {
        asked.push(["text", message]);
        return take(answers.text);
      },
      select: async (message, options) => {
        asked.push(["select", message, options]);
        return take(answers.select);
      },
      multiselect: async (message, options) => {
        asked.push(["multiselect", message, options]);
        return take(answers.multiselect);
      },
    };
    return { prompter, asked };
  }
  const request = (fields: Partial<HumanRequest>): HumanRequest => ({
    id: "r1",
    title: "Pay?",
    description: null,
    created_at: "2026-01-01T00:00:00Z",
    type: "approval",
    ...fields,
  });

  test("an approval is a yes/no whose default is no, its title on one line", async () => {
    for (const approved of [true, false]) {
      const { prompter, asked } = recording({ confirm: [approved] });
      expect(await askForResponse(prompter, request({ title: "Send\n  the payment\x1b[31m " }))).toEqual({ approved });
      expect(asked).toEqual([["confirm", "Approve: Send the payment?", false]]);
    }
  });

  test("questions: a select (option hints on one line), a multi-select sent as A,B, free text; each keyed by its text", async () => {
    const { prompter, asked } = recording({ select: ["US"], multiselect: [["Email", "Blog"]], text: ["Nothing"] });
    const response = await askForResponse(
      prompter,
      request({ type: "question", questions: [{ ...REGION, options: [{ label: "EU", description: "Frank\nfurt" }, { label: "US" }] }, CHANNELS, FREE] }),
    );
    expect(response).toEqual({ answers: { "Which region first?": "US", "Announce where?": "Email,Blog", "Anything to add?": "Nothing" } });
    expect(asked).toEqual([
      [
        "select",
        "[Region] Which region first?",
        [
          { label: "EU", hint: "Frank furt" },
          { label: "US", hint: undefined },
        ],
      ],
      [
        "multiselect",
        "[Channels] Announce where?",
        [
          { label: "Email", hint: undefined },
          { label: "Slack", hint: undefined },
          { label: "Blog", hint: undefined },
        ],
      ],
      ["text", "Anything to add?"],
    ]);
  });

  test("a question request without questions asks nothing and answers nothing", async () => {
    const { prompter, asked } = recording({});
    expect(await askForResponse(prompter, request({ type: "question" }))).toEqual({ answers: {} });
    expect(asked).toEqual([]);
  });
});

describe("the line that says what is wrong with a body", () => {
  const issueOf = (schema: v.GenericSchema, input: unknown) => {
    const result = v.safeParse(schema, input);
    if (result.success) throw new Error("expected an issue");
    return result.issues[0];
  };
  const body = v.strictObject({ name: v.string(), limits: v.optional(v.strictObject({ runs: v.number() })), tags: v.optional(v.strictTuple([v.string()])) });

  test("a missing field is required; an unknown one is named; otherwise valibot's message, at the field's path", () => {
    expect(describeIssue(issueOf(body, {}))).toBe("body.name: required");
    expect(describeIssue(issueOf(body, { name: "a", extra: 1 }))).toBe("body.extra: unknown field (not in the API's schema)");
    expect(describeIssue(issueOf(body, { name: "a", limits: { runs: "3" } }), "query")).toBe('query.limits.runs: Invalid type: Expected number but received "3"');
    expect(describeIssue(issueOf(body, { name: "a", limits: {} }))).toBe("body.limits.runs: required");
    expect(describeIssue(issueOf(body, { name: "a", tags: ["x", "y"] }))).toBe("body.tags.1: unknown field (not in the API's schema)");
  });

  test("an issue of the whole body has no path", () => {
    expect(describeIssue(issueOf(body, "text"))).toBe('body: Invalid type: Expected Object but received "text"');
    expect(describeIssue(issueOf(body, undefined), "config")).toBe("config: required");
  });

  test("a value of the wrong type where a strict object or tuple is expected is no unknown field", () => {
    expect(describeIssue(issueOf(body, { name: "a", limits: 5 }))).toBe("body.limits: Invalid type: Expected Object but received 5");
    expect(describeIssue(issueOf(body, { name: "a", tags: "x" }))).toBe('body.tags: Invalid type: Expected Array but received "x"');
  });

  test("a check that fails on a missing value says the check's message, not required", () => {
    const checked = v.pipe(
      v.optional(v.string()),
      v.check((value) => value !== undefined, "give a date"),
    );
    expect(describeIssue(issueOf(checked, undefined))).toBe("body: give a date");
  });

  test("a snippet of a body: trimmed, at most 80 characters", () => {
    expect(describeSnippet("")).toBe("empty body");
    expect(describeSnippet(" \n\t ")).toBe("empty body");
    expect(describeSnippet("  <html>oops</html>\n")).toBe("<html>oops</html>");
    expect(describeSnippet(` ${"x".repeat(80)} `)).toBe("x".repeat(80));
    expect(describeSnippet("y".repeat(81))).toBe(`${"y".repeat(77)}...`);
  });
});

describe("the operation for a method and path", () => {
  /** The operation's path with each parameter filled: `{*}` with a nested file path. */
  const filled = (path: string) => path.replace(/\{\*\}/g, "dir/file.txt").replace(/\{[^}]+\}/g, "p1");

  test("every operation of the document is found at its own path, literal segments before parameters", () => {
    const wrong = OPERATIONS.flatMap((operation) => {
      const match = matchOperation(operation.method.toLowerCase(), filled(operation.path));
      return match && "operation" in match && match.operation.id === operation.id ? [] : [`${operation.method} ${operation.path}`];
    });
    expect(wrong).toEqual([]);
  });

  test("path parameters decoded; {*} takes the rest of the path; a trailing slash is the same path", () => {
    expect(matchOperation("GET", "/v2/skills/s%201/files/scripts/fill.py")).toEqual({
      operation: OPERATIONS.find((operation) => operation.id === "getSkillFileContent")!,
      params: { skill_id: "s 1", "*": "scripts/fill.py" },
    });
    expect(matchOperation("GET", "/v2/teams/t1/files/download-url/a/b%2Fc.txt")).toMatchObject({
      operation: { id: "getFileDownloadUrl" },
      params: { teamId: "t1", "*": "a/b/c.txt" },
    });
    expect(matchOperation("GET", "/v2/agents/a1/")).toMatchObject({ operation: { id: "getAgent" }, params: { agent_id: "a1" } });
    expect(matchOperation("DELETE", "/v2/teams/t1/files/download-url/a.txt")).toMatchObject({
      operation: { id: "deleteFile" },
      params: { teamId: "t1", "*": "download-url/a.txt" },
    });
    // A parameter that is not valid percent-encoding is kept as it was sent.
    expect(matchOperation("GET", "/v2/agents/%E0%A4%A")).toMatchObject({ operation: { id: "getAgent" }, params: { agent_id: "%E0%A4%A" } });
  });

  test("a known path with another method gives the methods it has; an unknown path nothing", () => {
    expect(matchOperation("PATCH", "/v2/skills/s1/files/SKILL.md")).toEqual({
      methods: ["getSkillFileContent", "updateSkillFile"].map((id) => OPERATIONS.find((operation) => operation.id === id)!),
    });
    expect(matchOperation("POST", "/v2/agents/a1")).toEqual({ methods: OPERATIONS.filter((operation) => operation.path === "/v2/agents/{agent_id}") });
    expect(matchOperation("GET", "/v2/no-such-thing")).toBeUndefined();
    expect(matchOperation("GET", "/v2/agents/a1/extra/deep")).toBeUndefined();
  });
});

describe("the closest operations to a path the document lacks", () => {
  const named = (path: string, method?: string) => closestOperations(path, method).map((operation) => `${operation.method} ${operation.path}`);

  test("without a method, the skeleton still decides", () => {
    expect(named("/v2/agents")).toEqual(["GET /v2/teams/{teamId}/agents", "POST /v2/teams/{teamId}/agents", "GET /v2/agents/{agent_id}"]);
  });

  // Typed after a team prefix, an id makes `/v2/agents/{agent_id}` the skeleton's match; a word that is not one leaves the team's agent list first.
  test.each([
    ["abcdefab-abcd-abcd-abcd-abcdefabcdef", true], // a UUID without a digit
    ["ABCDEFAB-ABCD-ABCD-ABCD-ABCDEFABCDEF", true],
    ["42", true],
    ["{id}", true],
    ["abc123def456", true], // 12 characters with a digit
    ["agent_7f3a-9c2b", true],
    ["zabcdefab-abcd-abcd-abcd-abcdefabcdef", false],
    ["abcdefab-abcd-abcd-abcd-abcdefabcdefz", false],
    ["4x", false],
    ["x4", false],
    ["x{id}", false],
    ["{id}x", false],
    ["abc123def45", false], // 11 characters
    ["abcdefghijkl", false], // no digit
    ["abc123def45.", false],
    [".abc123def45", false],
    ["page2", false],
  ])("/v2/teams/t1/agents/%s: an id %p", (word, id) => {
    expect(named(`/v2/teams/t1/agents/${word}`, "GET")[0]).toBe(id ? "GET /v2/agents/{agent_id}" : "GET /v2/teams/{teamId}/agents");
  });

  test.each([
    ["/v2/teams/abcdefab-abcd-abcd-abcd-abcdefabcdef", "GET", ["GET /v2/teams/{teamId}", "GET /v2/teams", "GET /v2/teams/{teamId}/agent-folders"]],
    ["/v2/teams/t1", "GET", ["GET /v2/teams/{teamId}", "GET /v2/teams/{teamId}/runs", "POST /v2/teams/{teamId}/runs"]],
    ["/v2/agent/a1/schedule", "GET", ["GET /v2/agents/{agent_id}/schedules", "POST /v2/agents/{agent_id}/schedules", "PATCH /v2/agents/{agent_id}/schedules/{schedule_id}"]],
    [
      "/v2/agents/a1/schedules/s1/x",
      "GET",
      ["PATCH /v2/agents/{agent_id}/schedules/{schedule_id}", "DELETE /v2/agents/{agent_id}/schedules/{schedule_id}", "GET /v2/agents/{agent_id}/schedules"],
    ],
    ["/v2/skills/s1/filez/a", "GET", ["GET /v2/skills/{skill_id}/files/{*}", "PUT /v2/skills/{skill_id}/files/{*}", "GET /v2/skills/{skill_id}/files"]],
    ["/v2/runs/x/y/z/w", "GET", ["POST /v2/runs/{run_id}/human-requests/{request_id}/respond", "POST /v2/runs/{run_id}/stop", "GET /v2/runs/{run_id}/messages"]],
    ["/v2/agentz", "POST", ["GET /v2/agents/{agent_id}", "PATCH /v2/agents/{agent_id}", "DELETE /v2/agents/{agent_id}"]],
    ["/v2/me", "GET", ["GET /v2/mcp", "POST /v2/mcp", "GET /v2/teams"]],
  ])("%s (%s): misspellings, depth and the team prefix", (path, method, expected) => {
    expect(named(path, method)).toEqual(expected);
  });
});

describe("run states and the generated modules' helpers", () => {
  test("terminal and waiting-for-a-human states; anything else is busy", () => {
    expect(
      ["completed", "failed", "stopped", "interrupted", "waiting", "needs_attention", "running", "queued", ""].map((status) => [status, isTerminal(status), needsHuman(status)]),
    ).toEqual([
      ["completed", true, false],
      ["failed", true, false],
      ["stopped", true, false],
      ["interrupted", true, false],
      ["waiting", false, true],
      ["needs_attention", false, true],
      ["running", false, false],
      ["queued", false, false],
      ["", false, false],
    ]);
  });

  test("an open enum takes any string and names the first three known values when given something else", () => {
    const status = openEnum(["queued", "running", "completed", "failed"]);
    expect(v.parse(status, "brand-new")).toBe("brand-new");
    const refused = v.safeParse(status, 3);
    expect(refused.success).toBe(false);
    expect(refused.issues?.[0]?.message).toBe("expected a string such as queued, running, completed");
  });

  test("anything takes any value; once builds on first call and keeps it", () => {
    expect(v.parse(anything(), { any: [1, "thing"] })).toEqual({ any: [1, "thing"] });
    let built = 0;
    const value = once(() => ({ built: ++built }));
    expect(built).toBe(0);
    expect(value()).toEqual({ built: 1 });
    expect(value()).toBe(value());
    expect(built).toBe(1);
  });
});

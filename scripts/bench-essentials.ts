/**
 * A reference for the one-request floors (scripts/bench.ts): only the essentials of
 * `duvo agents get <id> --json`, compiled the way dist/duvo is. The key and base URL come from
 * the environment (no config lookup), the GET goes out first, the answer's valibot schema is
 * loaded while it is on its way, and the answer is checked and printed; no parser, no command
 * module, no runtime. What `duvo` costs above this is its own start-up.
 */
export {};

const agentId = process.argv[2];
const response = fetch(`${process.env.DUVO_API_BASE_URL}/v2/agents/${agentId}`, {
  headers: { Authorization: `Bearer ${process.env.DUVO_API_KEY}`, "User-Agent": "duvo-bench", Accept: "application/json" },
});
const { routeById, operationSchemas } = await import("../src/api/operation-routes.ts");
const { parseBody } = await import("../src/api/answer.ts");
const route = routeById("getAgent")!;
const schema = (await operationSchemas(route)).responses[route.success]!;
const answer = await response;
const checked = parseBody("GET", route.path, await answer.text(), schema);
if (!answer.ok || !checked.ok) {
  await Bun.write(Bun.stderr, `bench-essentials: ${answer.status} ${checked.ok ? "" : checked.error.message}\n`);
  process.exit(1);
}
await Bun.write(Bun.stdout, `${JSON.stringify(checked.value)}\n`);
process.exit(0);

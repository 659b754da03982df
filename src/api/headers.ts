/**
 * The headers of every API request: the key, who sends it, and that the answer is JSON. The
 * client (client.ts) sends them, and so does a command's first GET sent ahead of it
 * (src/cli/early.ts): one definition keeps the two requests the same.
 */
export function apiHeaders(apiKey: string, userAgent: string): Record<string, string> {
  return { Authorization: `Bearer ${apiKey}`, "User-Agent": userAgent, Accept: "application/json" };
}

/**
 * With DUVO_TEST_TAG_REQUESTS (a test-only setting) every request carries the command that sent
 * it, so the test suite can tie each request it asserts to its command (scripts/check-asserted.ts).
 */
export const TEST_COMMAND_HEADER = "X-Duvo-Test-Command";

/** What the credentials (browser logins) commands share: the user id in their paths, how one is shown. */
import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";
import type { Runtime } from "../../cli/runtime.ts";

const userIds = new WeakMap<Runtime, Promise<string>>();

/**
 * The user id the API's paths for browser logins need: read once from `GET /v2/profile`,
 * when the request is sent (so a refused confirmation sends nothing at all).
 */
export function userIdOf(runtime: Runtime): () => Promise<string> {
  return () => {
    let id = userIds.get(runtime);
    if (!id) {
      id = (async () => {
        const { call } = await runtime.api();
        return (await call("getProfile")).profile.id;
      })();
      userIds.set(runtime, id);
    }
    return id;
  };
}

export const credentialIdArg = { id: { type: "positional", uuid: "credential id", description: "The login's id", required: true } } as const;

export const credentialPath = (id: string, runtime: Runtime) => ({ id, userId: userIdOf(runtime) });

/** Echoed by the API, hidden as *** unless --show-secrets. */
export const CREDENTIAL_SECRETS = ["password", "otp_secret"];

const scopeOf = (login: { user_id: string | null }) => (login.user_id === null ? "shared" : "personal");

export const showCredential: Show<AnswerOf<"getCredential"> | AnswerOf<"updateCredential"> | AnswerOf<"createCredential">> = {
  fields: [
    ["ID", "id"],
    ["Domain", "domain"],
    ["Username", "username"],
    ["Password", "password"],
    ["OTP secret", "otp_secret"],
    ["Scope", scopeOf],
    ["Created", "created_at", { time: true }],
    ["Updated", "updated_at", { time: true }],
  ],
};

export const showCredentials: Show<AnswerOf<"listCredentials">> = {
  items: "",
  columns: [
    ["ID", "id", { keep: true }],
    ["DOMAIN", "domain"],
    ["USERNAME", "username"],
    ["PASSWORD", (login: { hasPassword: boolean }) => login.hasPassword, { keep: true }],
    ["OTP", (login: { hasEnabledTOTP: boolean }) => login.hasEnabledTOTP, { keep: true }],
    ["SCOPE", scopeOf, { keep: true }],
  ],
  empty: "No browser logins.",
};

/** The flags of a login's secrets: as a value, from stdin, or from a file. */
export const secretFlags = {
  password: { type: "string", description: "The password (visible in shell history: prefer --password-stdin or --password-file)", valueHint: "p" },
  "password-stdin": { type: "boolean", description: "Read the password from stdin" },
  "password-file": { type: "string", description: "Read the password from a file", valueHint: "path" },
  "otp-secret": { type: "string", description: "The TOTP secret for one-time codes (prefer --otp-secret-stdin or --otp-secret-file)", valueHint: "s" },
  "otp-secret-stdin": { type: "boolean", description: "Read the TOTP secret from stdin" },
  "otp-secret-file": { type: "string", description: "Read the TOTP secret from a file", valueHint: "path" },
} as const;

/** How a secret is shown, by the commands that print one. Its values never come back from the API: only their keys. */
import type { AnswerOf } from "../../api/call.ts";
import type { Show } from "../../cli/show.ts";

export const scopeOf = (secret: { user_id: string | null }) => (secret.user_id === null ? "shared" : "personal");

export const showSecret: Show<AnswerOf<"getSecret"> | AnswerOf<"updateSecret"> | AnswerOf<"createSecret">> = {
  fields: [
    ["ID", "id"],
    ["Name", "name"],
    ["Service", "service_slug"],
    ["Keys", "env_var_keys"],
    ["Scope", scopeOf],
    ["Created by", "created_by"],
    ["Created", "created_at", { time: true }],
    ["Updated", "updated_at", { time: true }],
  ],
};

/** Values a secret answer might echo: hidden unless --show-secrets. */
export const SECRET_KEYS = ["values", "value", "add_values"];

export const secretIdArg = { id: { type: "positional", uuid: "secret id", description: "The secret's id", required: true } } as const;

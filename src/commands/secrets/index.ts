import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Environment-variable secrets of the team (sets of KEY=VALUE given to agents)",
    examples: ["duvo secrets list", "duvo secrets create --name Stripe --value STRIPE_KEY=sk_live_... --shared", "duvo secrets create --name Stripe --value-file stripe.env"],
    notes:
      "Values are write-only: the API returns a secret's keys, never its values. Give values with --value KEY=VALUE, or keep them out of shell history with --value-file <file|-> (KEY=VALUE lines).",
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});

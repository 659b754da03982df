import { groupCommand } from "../../cli/command.ts";

export default groupCommand({
  meta: {
    description: "Browser logins (domain, username, password, one-time-code secret) that agents sign in with",
    examples: ["duvo credentials list --domain example.com", "duvo credentials create --domain example.com --username ops@example.com --password-stdin < password.txt"],
    notes:
      "Passwords and TOTP secrets the API echoes are printed as *** unless --show-secrets. Give them with --password-stdin / --password-file (and --otp-secret-stdin / --otp-secret-file) to keep them out of shell history.",
  },
  subCommands: {
    list: () => import("./list.ts").then((module) => module.default),
    get: () => import("./get.ts").then((module) => module.default),
    create: () => import("./create.ts").then((module) => module.default),
    update: () => import("./update.ts").then((module) => module.default),
    delete: () => import("./delete.ts").then((module) => module.default),
  },
});

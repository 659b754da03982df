/**
 * What the process environment decides, through the compiled binary: where the config
 * file lives when DUVO_CONFIG_DIR is unset, HTTPS_PROXY / NO_PROXY / HTTP_PROXY, and
 * NODE_EXTRA_CA_CERTS. A local https server uses a certificate signed by a CA made here
 * with openssl; a small proxy on 127.0.0.1 records what it is asked and tunnels CONNECTs
 * to that server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import net from "node:net";
import { join, posix } from "node:path";
import { joinPosix } from "../src/config/config-path.ts";
import { spawnDuvo, tempDir, useEmulator } from "./helpers.ts";

const { emulator } = useEmulator();

describe("the config file's default location", () => {
  test("$XDG_CONFIG_HOME/duvo/config.json when DUVO_CONFIG_DIR is unset", async () => {
    const xdg = tempDir("duvo-xdg-");
    const home = tempDir("duvo-home-");
    const env = { HOME: home, XDG_CONFIG_HOME: xdg };
    const login = await spawnDuvo(["login", "--api-key", emulator.apiKey, "--base-url", emulator.url], { env });
    expect(login.code).toBe(0);
    const file = join(xdg, "duvo", "config.json");
    expect(JSON.parse(await Bun.file(file).text())).toEqual({
      defaultProfile: "default",
      profiles: { default: { apiKey: emulator.apiKey, apiBaseUrl: emulator.url, teamId: emulator.teamId } },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(xdg, "duvo")).mode & 0o777).toBe(0o700);
    expect(await Bun.file(join(home, ".config", "duvo", "config.json")).exists()).toBe(false);
    // And it is read from there.
    expect((await spawnDuvo(["whoami", "--jq", ".authSource"], { env })).stdout).toBe("profile\n");
  });

  test("the config path is joined as node:path joins it, without loading node:path", () => {
    const folders = ["/home/ana", "/home/ana/", "relative", "./here", "../up", "/a//b", "/a/./b", "/a/../b", "/", ".", "..", "/a/.hidden", "/a/..b/c", "/x/y.", "C:\\Users\\ana"];
    for (const folder of folders) {
      for (const parts of [
        [folder, "config.json"],
        [folder, "duvo", "config.json"],
        [folder, ".config", "duvo", "config.json"],
      ]) {
        expect(joinPosix(...parts), parts.join(" + ")).toBe(posix.join(...parts));
      }
    }
    expect(joinPosix("/home/ana", ".config", "duvo", "config.json")).toBe("/home/ana/.config/duvo/config.json");
  });

  test("~/.config/duvo/config.json when neither DUVO_CONFIG_DIR nor XDG_CONFIG_HOME is set", async () => {
    const home = tempDir("duvo-home-");
    const login = await spawnDuvo(["login", "--api-key", emulator.apiKey, "--base-url", emulator.url], { env: { HOME: home } });
    expect(login.code).toBe(0);
    const file = join(home, ".config", "duvo", "config.json");
    expect(JSON.parse(await Bun.file(file).text()).profiles.default.apiKey).toBe(emulator.apiKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await spawnDuvo(["teams", "list", "--jq", ".teams[0].id"], { env: { HOME: home } })).stdout).toBe(`${emulator.teamId}\n`);
  });
});

const openssl = (args: string[], cwd: string) => {
  const result = Bun.spawnSync(["openssl", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr.toString()}`);
};

/** A CA, and a server certificate it signed for api.duvo.test, localhost and 127.0.0.1. */
function makeCertificates() {
  const folder = tempDir("duvo-tls-");
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "2",
      "-subj",
      "/CN=duvo test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    folder,
  );
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=api.duvo.test"], folder);
  Bun.spawnSync(["sh", "-c", "printf 'subjectAltName=DNS:api.duvo.test,DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > server.ext"], {
    cwd: folder,
  });
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext"], folder);
  return { ca: join(folder, "ca.pem"), cert: join(folder, "server.pem"), key: join(folder, "server.key") };
}

describe("https through the environment's proxy and CA settings", () => {
  const KEY = "dv_proxy_test_key_0a1b";
  const TEAMS = { teams: [{ id: "5e1f0c2a-7d3b-4c9e-8a10-000000000001", name: "Proxy Team" }] };
  let certificates: ReturnType<typeof makeCertificates>;
  let https: ReturnType<typeof Bun.serve>;
  let proxy: net.Server;
  let proxyUrl: string;
  /** What the https server received, and the first line of each request the proxy got. */
  const served: string[] = [];
  const proxied: string[] = [];

  beforeAll(async () => {
    certificates = makeCertificates();
    https = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      tls: { cert: Bun.file(certificates.cert), key: Bun.file(certificates.key) },
      fetch(request) {
        served.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get("authorization")}`);
        return Response.json(TEAMS);
      },
    });
    proxy = net.createServer((client) => {
      client.once("data", (head) => {
        const first = head.toString("latin1").split("\r\n")[0]!;
        proxied.push(first);
        if (!first.startsWith("CONNECT ")) {
          // A plain-http request in absolute-URI form: answer it here.
          const body = JSON.stringify({ teams: [{ id: "5e1f0c2a-7d3b-4c9e-8a10-000000000002", name: "Answered by the proxy" }] });
          client.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
          return;
        }
        // Whatever host was asked for, the tunnel leads to the local https server.
        const upstream = net.connect(https.port!, "127.0.0.1", () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await https?.stop(true);
    proxy?.close();
  });

  const duvo = async (baseUrl: string, extra: Record<string, string>) => {
    served.length = 0;
    proxied.length = 0;
    const result = await spawnDuvo(["api", "GET", "/v2/teams"], {
      env: { DUVO_API_BASE_URL: baseUrl, DUVO_API_KEY: KEY, DUVO_CONFIG_DIR: tempDir(), DUVO_RETRY_BUDGET: "0", ...extra },
    });
    return { ...result, served: [...served], proxied: [...proxied] };
  };

  test("NODE_EXTRA_CA_CERTS: the server's CA is trusted only when it names it", async () => {
    const local = `https://localhost:${https.port}`;
    const trusted = await duvo(local, { NODE_EXTRA_CA_CERTS: certificates.ca });
    expect(trusted).toMatchObject({ code: 0, stderr: "", served: [`GET /v2/teams Bearer ${KEY}`], proxied: [] });
    expect(JSON.parse(trusted.stdout)).toEqual(TEAMS);
    // The control: without it the certificate is refused and nothing reaches the server.
    const untrusted = await duvo(local, {});
    expect(untrusted).toMatchObject({ code: 1, stdout: "", served: [] });
    expect(untrusted.stderr).toStartWith(`error: cannot reach ${local}: `);
    expect(untrusted.stderr.split("\n")).toHaveLength(2);
  });

  test("HTTPS_PROXY: requests go through the proxy with CONNECT (the host resolves nowhere else)", async () => {
    const result = await duvo("https://api.duvo.test", { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certificates.ca });
    expect(result).toMatchObject({ code: 0, stderr: "", proxied: ["CONNECT api.duvo.test:443 HTTP/1.1"], served: [`GET /v2/teams Bearer ${KEY}`] });
    expect(JSON.parse(result.stdout)).toEqual(TEAMS);
    // https_proxy (lower case) works too.
    expect((await duvo("https://api.duvo.test", { https_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: certificates.ca })).proxied).toEqual(["CONNECT api.duvo.test:443 HTTP/1.1"]);
  });

  test("NO_PROXY: a listed host is reached directly; loopback is proxied unless listed", async () => {
    const local = `https://localhost:${https.port}`;
    const settings = { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: certificates.ca };
    // Bun's fetch makes no exception for loopback hosts: the proxy is asked...
    expect(await duvo(local, settings)).toMatchObject({ code: 0, proxied: [`CONNECT localhost:${https.port} HTTP/1.1`], served: [`GET /v2/teams Bearer ${KEY}`] });
    // ...unless NO_PROXY names the host.
    expect(await duvo(local, { ...settings, NO_PROXY: "localhost" })).toMatchObject({ code: 0, proxied: [], served: [`GET /v2/teams Bearer ${KEY}`] });
    // A listed domain skips the proxy, so api.duvo.test is looked up directly (and is not found).
    const direct = await duvo("https://api.duvo.test", { ...settings, NO_PROXY: "duvo.test" });
    expect(direct).toMatchObject({ code: 1, stdout: "", proxied: [], served: [] });
    expect(direct.stderr).toStartWith("error: cannot reach https://api.duvo.test: ");
  });

  test("HTTP_PROXY applies to plain http too, loopback included (the emulator): NO_PROXY=127.0.0.1 keeps it direct", async () => {
    const viaProxy = await duvo(emulator.url, { HTTP_PROXY: proxyUrl });
    expect(viaProxy).toMatchObject({ code: 0, proxied: [`GET ${emulator.url}/v2/teams HTTP/1.1`] });
    expect(JSON.parse(viaProxy.stdout).teams[0].name).toBe("Answered by the proxy");
    const direct = await duvo(emulator.url, { HTTP_PROXY: proxyUrl, NO_PROXY: "127.0.0.1", DUVO_API_KEY: emulator.apiKey });
    expect(direct).toMatchObject({ code: 0, proxied: [] });
    expect(JSON.parse(direct.stdout).teams.map((team: { id: string }) => team.id)).toEqual([emulator.teamId]);
  });
});

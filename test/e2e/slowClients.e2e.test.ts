import { connect, type Socket } from "node:net";
import { SignJWT } from "jose";
import type { App } from "../../src/app/startApp";
import { startTestGateway } from "../support/gatewayHarness";

const SECRET = "slow-client-test-secret-0123456789abcdef";
const METRICS_TOKEN = "metrics-scraper-token-0123456789abcdef";
let gateway: App;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: {
      AUTH_MODE: "jwt",
      AUTH_JWT_SECRET: SECRET,
      METRICS_BEARER_TOKEN: METRICS_TOKEN,
      HTTP_HEADERS_TIMEOUT_MS: "1000",
      HTTP_REQUEST_TIMEOUT_MS: "2000",
      HTTP_MAX_CONNECTIONS_PER_CLIENT: "4",
    },
  });
});
afterAll(() => gateway.stop());

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(gateway.port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Everything the server sends until it closes the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (c: Buffer) => (text += c.toString("utf8")));
    socket.on("error", () => undefined);
    socket.once("close", () => resolve(text));
  });
}

const token = (roles: string[]) =>
  new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("ops")
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));

describe("/metrics with AUTH_MODE=jwt", () => {
  const metricsUrl = () => `http://127.0.0.1:${gateway.port}/metrics`;
  it("refuses a scraper without a token (401)", async () => {
    expect((await fetch(metricsUrl())).status).toBe(401);
  });
  it("refuses a token without metrics:read (403)", async () => {
    const response = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${await token(["kb:read"])}` } });
    expect(response.status).toBe(403);
  });
  it("serves a token with metrics:read, and the static scraper token", async () => {
    const withRole = await fetch(metricsUrl(), {
      headers: { authorization: `Bearer ${await token(["metrics:read"])}` },
    });
    expect(withRole.status).toBe(200);
    expect(await withRole.text()).toMatch(/aag_graphql_request_duration_seconds/);
    const scraper = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraper.status).toBe(200);
  });
});

describe("slow clients", () => {
  it("a body trickling in byte by byte gets 408 and the connection closed once the request time limit passes", async () => {
    const socket = await open();
    const answer = readUntilClosed(socket);
    const started = Date.now();
    socket.write("POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{");
    const trickle = setInterval(() => socket.writable && socket.write(" "), 300);
    try {
      expect(await answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      clearInterval(trickle);
    }
  });

  it("headers that never finish get 408", async () => {
    const socket = await open();
    const answer = readUntilClosed(socket);
    socket.write("POST /graphql HTTP/1.1\r\nhost: x\r\n");
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("one address may hold only so many connections; more are answered OVERLOADED 503 and closed", async () => {
    // One more than the cap of 4 (other tests' keep-alive connections may count too: then more are refused).
    const sockets = await Promise.all(Array.from({ length: 5 }, () => open()));
    const answers = sockets.map((socket) => {
      let text = "";
      socket.on("data", (c: Buffer) => (text += c.toString("utf8")));
      return new Promise<string>((resolve) => socket.once("close", () => resolve(text)));
    });
    try {
      const refused = await Promise.race(
        answers.map((answer) =>
          answer.then((text) => (text.startsWith("HTTP/1.1 503") ? text : new Promise<string>(() => undefined))),
        ),
      );
      expect(refused).toMatch(/retry-after: 1/i);
      expect(refused).toContain('"code":"OVERLOADED"');
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});

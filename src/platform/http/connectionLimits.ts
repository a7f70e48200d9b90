import { ErrorCode } from "../errors/codes";
import type { Server } from "node:http";
import type { Socket } from "node:net";

const REFUSAL_BODY = JSON.stringify({
  errors: [
    {
      message: "Too many connections from this address; try again shortly.",
      extensions: { code: ErrorCode.OVERLOADED, retryAfterSeconds: 1 },
    },
  ],
});
const REFUSAL = [
  "HTTP/1.1 503 Service Unavailable",
  "content-type: application/json; charset=utf-8",
  "retry-after: 1",
  "connection: close",
  `content-length: ${Buffer.byteLength(REFUSAL_BODY)}`,
  "",
  REFUSAL_BODY,
].join("\r\n");

/**
 * Slow or greedy clients cannot hold the server: headers must arrive within `headersTimeoutMs` and the whole
 * request within `requestTimeoutMs` (Node answers 408 and closes; it checks every second), and one client address
 * may hold at most `maxPerClient` connections (more get an OVERLOADED 503 and are closed).
 */
export function limitConnections(
  server: Server,
  limits: { headersTimeoutMs: number; requestTimeoutMs: number; maxPerClient: number },
  onRefused: () => void = () => undefined,
): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  // Idle keep-alive sockets are closed after 5 s (Node's default); a socket silent mid-request meets the timeouts above.
  const perClient = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = (perClient.get(address) ?? 0) + 1;
    perClient.set(address, count);
    socket.once("close", () => {
      const left = (perClient.get(address) ?? 1) - 1;
      if (left <= 0) perClient.delete(address);
      else perClient.set(address, left);
    });
    if (count > limits.maxPerClient) {
      onRefused();
      socket.end(REFUSAL);
      socket.destroySoon();
    }
  });
}

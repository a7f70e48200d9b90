import type { Server } from "node:http";
import { parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { Role } from "../auth/roles";
import { ErrorCode } from "../errors/codes";
import { BadUserInputError, GatewayError } from "../errors/GatewayError";
import type { TrustedDocuments } from "./trustedDocuments";
import type { BaseContext, ContextFactory } from "./context";

/** The close code graphql-ws names Unauthorized: the client must authenticate again. */
export const TOKEN_EXPIRED_CLOSE = 4401;
/** setTimeout's longest delay; a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Closes the socket with 4401 when its token expires (the timer goes when the socket closes first). */
function closeAtExpiry(socket: WebSocket, expiresAt: number, logger: Logger): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - Date.now();
    if (left > MAX_TIMER_MS) {
      timer = setTimeout(arm, MAX_TIMER_MS).unref();
      return;
    }
    timer = setTimeout(
      () => {
        logger.info("subscription connection closed: its token expired");
        socket.close(TOKEN_EXPIRED_CLOSE, "Token expired: connect again with a new token");
      },
      Math.max(0, left),
    );
  };
  arm();
  timer?.unref();
  socket.once("close", () => clearTimeout(timer));
}

/** What a client sends in graphql-ws' connection_init: { authorization: "Bearer ..." }. */
type ConnectionParams = Record<string, unknown>;

/**
 * GraphQL subscriptions over graphql-ws on the HTTP server's own port and GraphQL path. The connection is
 * authenticated once, from `connection_init` ({ "authorization": "Bearer ..." }), and needs `assist:read`; a
 * refused connection is closed with 4403 before any subscription starts. A connection lives no longer than its
 * token: at `exp` (plus the clock tolerance) it is closed with 4401, and the client connects again with a new one. Only subscription operations are served
 * here: queries and mutations go over HTTP, where the query limits and plugins apply.
 */
export function serveSubscriptions(options: {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  createContext: ContextFactory;
  logger: Logger;
  maxOperationBytes: number;
  /** With `require`, only trusted documents subscribe. */
  trusted?: TrustedDocuments;
}): { close: () => Promise<void> } {
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxOperationBytes,
  });
  const cleanup = useServer<ConnectionParams, { context?: BaseContext }>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const authorization =
          typeof ctx.connectionParams?.authorization === "string" ? ctx.connectionParams.authorization : undefined;
        const context = await options.createContext(authorization ? { authorization } : {});
        if ("failure" in context.auth || !context.auth.caller.roles.has(Role.ASSIST_READ)) {
          options.logger.info(
            { reason: "failure" in context.auth ? context.auth.failure : "missing role assist:read" },
            "subscription connection refused",
          );
          return false;
        }
        ctx.extra.context = context;
        const expiresAt = context.auth.caller.expiresAt;
        if (expiresAt !== undefined) closeAtExpiry(ctx.extra.socket, expiresAt, options.logger);
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => {
        if (options.trusted && !options.trusted.allows(payload.query))
          return [
            new GatewayError(
              ErrorCode.DOCUMENT_NOT_TRUSTED,
              "This gateway runs only trusted documents (TRUSTED_DOCUMENTS=require), and this subscription is not one.",
            ),
          ];
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: 500 });
        } catch {
          return [new BadUserInputError("query", "The subscription is not valid GraphQL.")];
        }
        const operations = document.definitions.filter((d) => d.kind === "OperationDefinition");
        if (operations.length !== 1 || operations.some((o) => o.operation !== "subscription")) {
          return [
            new BadUserInputError(
              "query",
              "Only one subscription per message is served over WebSocket; send queries and mutations over HTTP.",
            ),
          ];
        }
        return undefined;
      },
      context: (ctx) => ctx.extra.context as BaseContext,
    },
    wss,
  );
  return {
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from "@apollo/server/plugin/landingPage/default";
import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import type { GatewayConfig } from "../config/config";
import { createFormatError } from "../errors/formatError";
import { buildSchema } from "../graph/buildSchema";
import { createGraphqlHandler } from "../http/graphqlHandler";
import { createHttpServer, type Routes } from "../http/httpServer";
import { sendJson } from "../http/sendJson";
import { AgentAssistPusher } from "../assist/AgentAssistPusher";
import { assistResolvers } from "../assist/resolvers";
import type { CxoneClient } from "../cxone/CxoneClient";
import type { GatewayContext } from "./context";
import { createContextFactory } from "./contextFactory";
import { createReadinessCheck } from "./readiness";

export interface GatewayDeps {
  config: GatewayConfig;
  driver: Driver;
  database: string;
  logger: Logger;
  /** Absent when CXone is not configured: pushes then fail with CXONE_NOT_CONFIGURED, queries work. */
  cxone?: CxoneClient;
}

/** A listening gateway. */
export interface Gateway {
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, then stops Apollo. Does not close the driver. */
  stop(): Promise<void>;
}

/** Builds the schema and Apollo Server, and listens on the configured host and port. */
export async function startGateway({ config, driver, database, logger, cxone }: GatewayDeps): Promise<Gateway> {
  const { schema, neoSchema } = await buildSchema({ driver, resolvers: assistResolvers });
  // Fails fast when the migrations did not give @neo4j/graphql the indexes its schema declares.
  await neoSchema.assertIndexesAndConstraints({ driver, sessionConfig: { database } });
  const production = config.nodeEnv === "production";
  // Apollo's drain plugin needs the server before Apollo exists; /graphql is wired once Apollo has started.
  const routes: Routes = {
    graphql: async (_req, res) => sendJson(res, 503, { errors: [{ message: "starting", extensions: { code: "NOT_READY" } }] }),
    readiness: createReadinessCheck(driver, database),
  };
  const httpServer = createHttpServer(routes, logger);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // The runtime owns signal handling: it stops the gateway, then the driver, then any local Neo4j.
    stopOnTerminationSignals: false,
    formatError: createFormatError(logger, false),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const pusher = new AgentAssistPusher(cxone, config.cxone?.delivery ?? "content", config.cxone?.batchConcurrency ?? 8);
  const createContext = createContextFactory({ driver, database, logger, queryTimeoutMs: config.neo4jPool.queryTimeoutMs, pusher });
  routes.graphql = createGraphqlHandler(apollo, {
    maxBodyBytes: config.maxBodyBytes,
    context: async (req) => createContext(req.headers["x-request-id"]),
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    stop: async () => {
      await apollo.stop();
    },
  };
}

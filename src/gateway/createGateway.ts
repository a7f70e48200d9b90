import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { AgentAssistPusher } from "../assist/AgentAssistPusher";
import { assistResolvers } from "../assist/resolvers";
import { createAuthenticator } from "../auth/authenticate";
import { authorizationPlugin } from "../auth/authorizationPlugin";
import type { GatewayConfig } from "../config/config";
import type { CxoneClient } from "../cxone/CxoneClient";
import { createFormatError } from "../errors/formatError";
import { buildSchema } from "../graph/buildSchema";
import { createGraphqlHandler } from "../http/graphqlHandler";
import { createHttpServer, type Routes } from "../http/httpServer";
import { sendJson } from "../http/sendJson";
import { instrumentRootQueries } from "../observability/instrumentSchema";
import { GatewayMetrics } from "../observability/metrics";
import { requestLoggingPlugin } from "../observability/requestLoggingPlugin";
import type { GatewayContext } from "./context";
import { createContextFactory } from "./contextFactory";
import { queryLimits } from "./queryLimits";
import { createReadinessCheck } from "./readiness";

export interface GatewayDeps {
  config: GatewayConfig;
  driver: Driver;
  database: string;
  logger: Logger;
  /** Absent when CXone is not configured: pushes then fail with CXONE_NOT_CONFIGURED, queries work. */
  cxone?: CxoneClient;
  /** Shared with the CXone client so one /metrics shows both; created here when absent. */
  metrics?: GatewayMetrics;
  /** A schema build already under way (the runtime starts it while migrations run); built here when absent. */
  schema?: ReturnType<typeof buildGatewaySchema>;
}

/** Builds the executable schema with the gateway's resolvers: CPU work that needs no database round trip. */
export function buildGatewaySchema(driver: Driver) {
  return buildSchema({ driver, resolvers: assistResolvers });
}

/** A listening gateway. */
export interface Gateway {
  url: string;
  port: number;
  metrics: GatewayMetrics;
  /** Stops accepting requests, lets in-flight ones finish, then stops Apollo. Does not close the driver. */
  stop(): Promise<void>;
}

/** Builds the schema and Apollo Server, and listens on the configured host and port. */
export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const { config, driver, database, logger, cxone, metrics = new GatewayMetrics() } = deps;
  const { schema, neoSchema } = await (deps.schema ?? buildGatewaySchema(driver));
  // Fails fast when the migrations did not give @neo4j/graphql the indexes its schema declares.
  await neoSchema.assertIndexesAndConstraints({ driver, sessionConfig: { database } });
  instrumentRootQueries(schema, metrics);
  const production = config.nodeEnv === "production";
  const introspection = !production;

  // Apollo's drain plugin needs the server before Apollo exists; /graphql is wired once Apollo has started.
  const routes: Routes = {
    graphql: async (_req, res) => sendJson(res, 503, { errors: [{ message: "starting", extensions: { code: "NOT_READY" } }] }),
    readiness: createReadinessCheck(driver, database, cxone),
    metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
  };
  const httpServer = createHttpServer(routes, logger, { corsOrigins: config.corsOrigins });
  const limits = queryLimits(config.limits);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // The runtime owns signal handling: it stops the gateway, then the driver, then any local Neo4j.
    stopOnTerminationSignals: false,
    formatError: createFormatError(logger, false),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Responses are per caller and never HTTP-cached, and this is no federation subgraph: without these two
      // default plugins Apollo does not wrap every field resolver to compute cache hints or traces.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
      ...limits.plugins,
      authorizationPlugin({ introspection }),
      requestLoggingPlugin(metrics),
    ],
  });
  await apollo.start();
  const pusher = new AgentAssistPusher(cxone, config.cxone?.delivery ?? "content", config.cxone?.batchConcurrency ?? 8);
  const createContext = createContextFactory({
    authenticate: createAuthenticator(config.auth),
    driver,
    database,
    logger,
    queryTimeoutMs: config.neo4jPool.queryTimeoutMs,
    pusher,
    metrics,
  });
  routes.graphql = createGraphqlHandler(apollo, {
    maxBodyBytes: config.maxBodyBytes,
    context: (req) => createContext({ requestId: req.headers["x-request-id"], authorization: req.headers.authorization }),
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
    metrics,
    stop: async () => {
      await apollo.stop();
    },
  };
}

import { randomBytes, timingSafeEqual } from "node:crypto";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from "@apollo/server/plugin/disabled";
import type { Driver } from "neo4j-driver";
import type { Logger } from "pino";
import { createAuthenticator } from "../platform/auth/authenticate";
import { authorizationPlugin } from "../platform/auth/authorizationPlugin";
import { createMetricsAccess } from "../platform/auth/metricsAccess";
import { Role } from "../platform/auth/roles";
import type { AdmissionQueue } from "../platform/resilience/AdmissionQueue";
import type { GatewayConfig } from "../platform/config/config";
import type { CxoneClient } from "../integrations/cxone/CxoneClient";
import type { AgentAssistPusher, LedgerScope } from "../features/push";
import type { KnowledgeLoop } from "../features/knowledge";
import { ErrorCode } from "../platform/errors/codes";
import { createFormatError } from "../platform/errors/formatError";
import { buildSchema } from "./buildSchema";
import { createGraphqlHandler } from "../platform/http/graphqlHandler";
import { createHttpServer, type Routes } from "../platform/http/httpServer";
import { sendJson } from "../platform/http/sendJson";
import type { OutageLog } from "../platform/observability/outageLog";
import { errorLoggingPlugin } from "../platform/graphql/errorLoggingPlugin";
import { instrumentRootQueries } from "../platform/graphql/instrumentSchema";
import type { GatewayMetrics } from "../platform/observability/metrics";
import { requestLoggingPlugin } from "../platform/graphql/requestLoggingPlugin";
import type { GatewayContext } from "./context";
import { createContextFactory } from "./contextFactory";
import { offsetArgumentsPlugin } from "../platform/graphql/offsetArguments";
import { PreparedDocuments } from "../platform/graphql/preparedDocuments";
import { jitExecution } from "../platform/graphql/jitExecution";
import { TRUSTED_MANIFEST_FILE, TrustedDocuments } from "../platform/graphql/trustedDocuments";
import { queryLimits } from "../platform/graphql/queryLimits";
import { createReadinessCheck, type WarmState } from "./readiness";
import { serveSubscriptions } from "../platform/graphql/subscriptions";
import { warmUp, warmUpDocuments } from "./warmUp";
import { projectPath } from "../platform/paths";
import { createPages } from "../ui/pages/pages";
import { landingPagePlugin } from "../ui/pages/landingPage";
import { featureRoles } from "./features";

export interface GatewayDeps {
  config: GatewayConfig;
  driver: Driver;
  database: string;
  logger: Logger;
  metrics: GatewayMetrics;
  outages: OutageLog;
  admission: AdmissionQueue;
  /** Whether the statements are warm; /readyz answers 503 until they are. */
  warm: WarmState;
  /** Absent when CXone is not configured (readiness then reports it so; queries work). */
  cxone?: CxoneClient;
  /** A schema build already under way (started while migrations run). */
  schema: ReturnType<typeof buildSchema>;
  /** The push use case (refuses real pushes with CXONE_NOT_CONFIGURED when CXone is not configured). */
  pusher: AgentAssistPusher;
  /** Push history and the live feed. */
  ledger: LedgerScope;
  /** Other CXone targets' open pushes in the shared ledger (when this gateway delivers), for /readyz. */
  pushTargets?: { status(): Record<string, string> };
  /** Paths, feedback, knowledge gaps and the search-term index. */
  knowledge: KnowledgeLoop;
}

/** A listening gateway. */
export interface Gateway {
  url: string;
  port: number;
  /**
   * Runs the warm-up operations through the whole pipeline (see warmUp.ts). `rounds: 0` plans each statement once
   * and no more: enough after a Neo4j restart, when this process itself is already warm.
   */
  warmUp(options?: { rounds?: number }): Promise<void>;
  /** Stops accepting requests, lets in-flight ones finish, then stops Apollo. Does not close the driver. */
  stop(): Promise<void>;
}

const WARM_UP_CALLER = { subject: "gateway-warm-up", roles: new Set<string>(Object.values(Role)) };
/** Carries this process's warm-up secret: the warm-up's requests are the gateway's own, with every role. */
const WARM_UP_HEADER = "x-gateway-warm-up";

/** Builds Apollo Server on the schema and listens on the configured host and port (not ready until warm). */
export async function startGateway(deps: GatewayDeps): Promise<Gateway> {
  const { config, driver, database, logger, cxone, metrics, outages, admission } = deps;
  const { schema, neoSchema } = await deps.schema;
  // Fails fast when the migrations did not give @neo4j/graphql the indexes its schema declares.
  await neoSchema.assertIndexesAndConstraints({ driver, sessionConfig: { database } });
  instrumentRootQueries(schema, metrics, admission, outages);
  const production = config.nodeEnv === "production";
  // The explorer needs the schema: production turns introspection on only when the explorer is opted into.
  const introspection = !production || config.pages.explorer;
  const authenticate = createAuthenticator(config.auth);

  // Apollo's drain plugin needs the server before Apollo exists; /graphql is wired once Apollo has started.
  const routes: Routes = {
    graphql: async (_req, res) =>
      sendJson(res, 503, { errors: [{ message: "starting", extensions: { code: ErrorCode.NOT_READY } }] }),
    readiness: createReadinessCheck({
      driver,
      database,
      warm: deps.warm,
      outages,
      ...(cxone ? { cxone } : {}),
      ...(deps.pushTargets ? { pushTargets: deps.pushTargets } : {}),
    }),
    metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    metricsAccess: createMetricsAccess(config.auth, authenticate, config.metricsBearerToken),
    pages: createPages({ ...config.pages, authMode: config.auth.mode }, logger),
    pagePaths: [...(config.pages.console ? ["/console"] : []), ...(config.pages.explorer ? ["/graphiql"] : [])],
  };
  metrics.observeReadiness(routes.readiness);
  const httpServer = createHttpServer(routes, logger, {
    corsOrigins: config.corsOrigins,
    headersTimeoutMs: config.http.headersTimeoutMs,
    requestTimeoutMs: config.http.requestTimeoutMs,
    maxConnectionsPerClient: config.http.maxConnectionsPerClient,
    onConnectionRefused: () => {
      metrics.overloadRefusals.inc({ reason: "connections" });
      outages.failure("capacity", { reason: "connections per client" });
    },
  });
  const limits = queryLimits(config.limits);
  const trusted = TrustedDocuments.load(
    config.limits.trustedDocuments.mode,
    projectPath(TRUSTED_MANIFEST_FILE),
    config.limits.trustedDocuments.path,
    warmUpDocuments(),
  );
  const documents = new PreparedDocuments();
  documents.prepare(schema, trusted.texts(), limits.validationRules, config.limits.maxTokens);
  if (trusted.mode !== "off") logger.info({ mode: trusted.mode, documents: trusted.size }, "trusted documents loaded");
  const apollo = new ApolloServer<GatewayContext>({
    // graphql-jit through Apollo's executor seam (see jitExecution.ts), or Apollo's own graphql-js execution.
    ...(config.limits.execution === "jit" ? { gateway: jitExecution(schema) } : { schema }),
    documentStore: documents,
    // Requiring trusted documents, nobody may register a new one through Apollo's automatic persisted queries.
    ...(trusted.mode === "require" ? { persistedQueries: false as const } : {}),
    introspection,
    // With introspection off, validation errors must not spell the schema out either ("Did you mean "title"?").
    hideSchemaDetailsFromClientErrors: !introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // The app owns signal handling: it stops the gateway, then the driver, then any local Neo4j.
    stopOnTerminationSignals: false,
    formatError: createFormatError(false),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Responses are per caller and never HTTP-cached, and this is no federation subgraph: without these two
      // default plugins Apollo does not wrap every field resolver to compute cache hints or traces.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      landingPagePlugin(config.pages),
      ...limits.plugins,
      offsetArgumentsPlugin(),
      authorizationPlugin({ introspection, fieldRoles: featureRoles() }),
      errorLoggingPlugin(outages, metrics),
      requestLoggingPlugin(metrics, config.logRequestSample),
    ],
  });
  await apollo.start();
  const createContext = createContextFactory({
    authenticate,
    driver,
    database,
    logger,
    queryTimeoutMs: config.neo4jPool.queryTimeoutMs,
    pusher: deps.pusher,
    metrics,
    admission,
    outages,
    ledger: deps.ledger,
    knowledge: deps.knowledge,
    feedbackWeight: config.knowledge.feedbackWeight,
    ranks: config.knowledge.ranks,
    suggestCache: config.suggestCache,
  });
  const subscriptions = serveSubscriptions({
    server: httpServer,
    path: "/graphql",
    schema,
    createContext,
    logger,
    maxOperationBytes: config.maxBodyBytes,
    trusted,
  });
  const warmUpSecret = Buffer.from(randomBytes(24).toString("hex"));
  const isWarmUp = (header: string | string[] | undefined) =>
    typeof header === "string" &&
    header.length === warmUpSecret.length &&
    timingSafeEqual(Buffer.from(header), warmUpSecret);
  routes.graphql = createGraphqlHandler(apollo, {
    maxBodyBytes: config.maxBodyBytes,
    trusted,
    // Each request holds at most one admission slot or queue place at a time (a batch's traversals are one).
    maxInFlight: admission.limits.maxConcurrent + admission.limits.maxQueue,
    onShed: () => {
      metrics.overloadRefusals.inc({ reason: "in_flight" });
      outages.failure("capacity", { reason: "requests in flight" });
    },
    context: (req) =>
      createContext({
        requestId: req.headers["x-request-id"],
        authorization: req.headers.authorization,
        ...(req.socket.remoteAddress ? { clientAddress: req.socket.remoteAddress } : {}),
        ...(isWarmUp(req.headers[WARM_UP_HEADER]) ? { internalCaller: WARM_UP_CALLER } : {}),
      }),
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const anyInterface = config.host === "0.0.0.0" || config.host === "::";
  const shownHost = anyInterface ? "localhost" : config.host;
  const ownUrl = `http://${anyInterface ? "127.0.0.1" : config.host}:${port}/graphql`;
  const warmUpLimits = {
    maxConcurrent: admission.limits.maxConcurrent,
    maxConnectionsPerClient: config.http.maxConnectionsPerClient,
  };
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    warmUp: (options) => warmUp(ownUrl, { [WARM_UP_HEADER]: warmUpSecret.toString() }, warmUpLimits, logger, options),
    stop: async () => {
      await subscriptions.close();
      await apollo.stop();
    },
  };
}

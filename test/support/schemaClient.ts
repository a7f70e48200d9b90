import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { Driver } from "neo4j-driver";
import pino from "pino";
import { AgentAssistPusher } from "../../src/assist/AgentAssistPusher";
import { assistResolvers } from "../../src/assist/resolvers";
import { createAuthenticator } from "../../src/auth/authenticate";
import { createContextFactory } from "../../src/gateway/contextFactory";
import { buildSchema } from "../../src/graph/buildSchema";
import type { GatewayContext } from "../../src/gateway/context";
import { testConnection } from "./neo4j";

/** Executes GraphQL against the real schema and the real database, without HTTP. */
export class SchemaClient {
  private constructor(
    private readonly schema: GraphQLSchema,
    private readonly driver: Driver,
  ) {}

  static async create(driver: Driver): Promise<SchemaClient> {
    const { schema } = await buildSchema({ driver, resolvers: assistResolvers });
    return new SchemaClient(schema, driver);
  }

  async run(source: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult> {
    const database = testConnection().database;
    const contextValue: GatewayContext = await createContextFactory({
      authenticate: createAuthenticator({ mode: "none" }),
      driver: this.driver,
      database,
      logger: pino({ level: "silent" }),
      queryTimeoutMs: 10_000,
      pusher: new AgentAssistPusher(undefined, "content", 4),
    })();
    return graphql({ schema: this.schema, source, variableValues, contextValue });
  }
}

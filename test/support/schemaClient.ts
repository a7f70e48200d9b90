import { DEFAULT_RANKS } from "../../src/features/suggestions";
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { Driver } from "neo4j-driver";
import pino from "pino";
import { AgentAssistPusher } from "../../src/features/push/AgentAssistPusher";
import { createAuthenticator } from "../../src/platform/auth/authenticate";
import { createContextFactory } from "../../src/app/contextFactory";
import { buildSchema } from "../../src/app/buildSchema";
import type { GatewayContext } from "../../src/app/context";
import { testConnection } from "./neo4j";
import type { KnowledgeLoop } from "../../src/features/knowledge/KnowledgeLoop";

/** Executes GraphQL against the real schema and the real database, without HTTP. */
export class SchemaClient {
  private constructor(
    private readonly schema: GraphQLSchema,
    private readonly driver: Driver,
    private readonly knowledge?: KnowledgeLoop,
  ) {}

  static async create(driver: Driver, knowledge?: KnowledgeLoop): Promise<SchemaClient> {
    const { schema } = await buildSchema({ driver });
    return new SchemaClient(schema, driver, knowledge);
  }

  async run(source: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult> {
    const database = testConnection().database;
    const contextValue: GatewayContext = await createContextFactory({
      authenticate: createAuthenticator({ mode: "none" }),
      driver: this.driver,
      database,
      logger: pino({ level: "silent" }),
      queryTimeoutMs: 10_000,
      pusher: new AgentAssistPusher("content", 4),
      feedbackWeight: this.knowledge?.settings.feedbackWeight ?? 2,
      ranks: DEFAULT_RANKS,
      ...(this.knowledge ? { knowledge: this.knowledge } : {}),
    })();
    return graphql({ schema: this.schema, source, variableValues, contextValue });
  }
}

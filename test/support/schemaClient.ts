import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import type { Driver } from "neo4j-driver";
import pino from "pino";
import { buildSchema } from "../../src/graph/buildSchema";
import type { GatewayContext } from "../../src/gateway/context";
import { testConnection } from "./neo4j";

/** Executes GraphQL against the real schema and the real database, without HTTP. */
export class SchemaClient {
  private constructor(private readonly schema: GraphQLSchema) {}

  static async create(driver: Driver): Promise<SchemaClient> {
    const { schema } = await buildSchema({ driver });
    return new SchemaClient(schema);
  }

  async run(source: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult> {
    const database = testConnection().database;
    const contextValue: GatewayContext = {
      requestId: "test",
      logger: pino({ level: "silent" }),
      sessionConfig: { database },
      transaction: { timeout: 10_000, metadata: {} },
    };
    return graphql({ schema: this.schema, source, variableValues, contextValue });
  }
}

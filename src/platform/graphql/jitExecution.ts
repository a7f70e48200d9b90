import type { GatewayInterface } from "@apollo/server-gateway-interface";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema } from "graphql";

/** Compiled documents kept (the least recently used forgotten first). */
const MAX_COMPILED = 1_000;

/**
 * Apollo Server, with execution replaced by graphql-jit through Apollo's executor seam (the gateway interface; no
 * federation involved): each validated document is compiled once into a JavaScript function, by its hash and
 * operation, and run by it from then on. Apollo keeps the HTTP layer, parsing, validation (and its document
 * cache), plugins and error formatting. A document graphql-jit cannot compile runs through graphql-js.
 */
export function jitExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery | null>();
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    async load() {
      return {
        executor: async (request) => {
          const key = `${request.queryHash}\u0000${request.operationName ?? ""}`;
          let query = compiled.get(key);
          if (query === undefined) {
            const result = compileQuery(schema, request.document, request.operationName ?? undefined);
            query = isCompiledQuery(result) ? result : null;
            if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
          } else compiled.delete(key); // re-inserted below: most recently used last
          compiled.set(key, query);
          const variables = request.request.variables ?? {};
          if (query)
            return graphqlJsErrors((await query.query(undefined, request.context, variables)) as ExecutionResult);
          return execute({
            schema,
            document: request.document,
            contextValue: request.context,
            variableValues: variables,
            operationName: request.operationName,
          }) as ExecutionResult;
        },
      };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors as graphql-js's own: theirs have no `extensions` object when the cause had none (a Neo4j
 * error), which Apollo's error formatting cannot read, so the gateway's formatError would never see them; and a
 * variable's coercion error gets BAD_USER_INPUT, as Apollo gives it under graphql-js.
 */
function graphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    // A variable the operation cannot take is the caller's mistake, as Apollo codes it for graphql-js.
    const variable = !error.path && /^Variable "\$/.test(error.message);
    const converted = new GraphQLError(error.message, {
      ...(error.path ? { path: error.path } : {}),
      ...(error.originalError ? { originalError: error.originalError } : {}),
      extensions: { ...(variable ? { code: "BAD_USER_INPUT" } : {}), ...error.extensions },
    });
    if (error.locations) Object.assign(converted, { locations: error.locations });
    return converted;
  });
  return { ...result, errors };
}

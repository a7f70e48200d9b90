import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, visit, type DocumentNode, type ValueNode } from "graphql";
import { ErrorCode } from "../errors/codes";
import { GatewayError } from "../errors/GatewayError";
import type { BaseContext } from "./context";

/**
 * A negative `offset` (the generated list fields' paging argument) is refused before it reaches Neo4j, naming the
 * argument: Neo4j's own refusal cannot say which argument it was. Literals and variables alike.
 */
export function offsetArgumentsPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const negative = negativeOffset(document, request.variables ?? {});
          // Refused before execution, as validation errors are: HTTP 400.
          if (negative !== undefined)
            throw new GatewayError(
              ErrorCode.BAD_USER_INPUT,
              `offset must be zero or a positive integer (it was ${negative}).`,
              { field: "offset" },
              { http: 400 },
            );
        },
      };
    },
  };
}

/** The first negative value given to an argument named `offset`, or undefined. */
export function negativeOffset(document: DocumentNode, variables: Record<string, unknown>): number | undefined {
  let found: number | undefined;
  visit(document, {
    Argument(node) {
      if (found !== undefined || node.name.value !== "offset") return;
      const value = valueOf(node.value, variables);
      if (typeof value === "number" && value < 0) found = value;
    },
  });
  return found;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

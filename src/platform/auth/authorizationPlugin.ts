import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { ErrorCode } from "../errors/codes";
import { GatewayError } from "../errors/GatewayError";
import type { BaseContext } from "../graphql/context";
import { Role } from "./roles";

const MESSAGES = {
  missing: "Authentication required: send Authorization: Bearer <token>.",
  invalid: "The bearer token is invalid.",
  expired: "The bearer token has expired.",
} as const;

/** Each operation type's role for a root field whose feature gives it none. */
const DEFAULT_ROLES = { query: Role.KB_READ, mutation: Role.ASSIST_PUSH, subscription: Role.ASSIST_READ } as const;

/**
 * The roles an operation needs: one per kind of root field it selects. `fieldRoles` holds the root fields whose
 * role is not their operation's default (each feature declares its own).
 */
export function rolesFor(operation: OperationDefinitionNode, fieldRoles: ReadonlyMap<string, string>): Set<string> {
  const fallback = DEFAULT_ROLES[operation.operation];
  const roles = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value.startsWith("__")) continue;
    roles.add((selection.kind === Kind.FIELD && fieldRoles.get(selection.name.value)) || fallback);
  }
  return roles.size > 0 ? roles : new Set([fallback]);
}

/**
 * Enforces roles per operation before anything executes: queries need `kb:read`, mutations `assist:push`,
 * subscriptions `assist:read`, unless the field's feature declares another role (`fieldRoles`).
 * A pure introspection query needs no role where introspection is enabled (Sandbox loads the schema first).
 */
export function authorizationPlugin(options: {
  introspection: boolean;
  fieldRoles: ReadonlyMap<string, string>;
}): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation) return; // Apollo refuses an unresolvable operation itself
          if (options.introspection && isIntrospectionOnly(operation)) return;
          const auth = contextValue.auth;
          if ("failure" in auth) {
            throw new GatewayError(ErrorCode.UNAUTHENTICATED, MESSAGES[auth.failure], {}, { http: 401 });
          }
          for (const needed of rolesFor(operation, options.fieldRoles)) {
            if (!auth.caller.roles.has(needed)) {
              throw new GatewayError(
                ErrorCode.FORBIDDEN,
                `This operation needs the role ${needed}.`,
                { requiredRole: needed },
                { http: 403 },
              );
            }
          }
        },
      };
    },
  };
}

function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.operation === "query" && onlyMeta(operation.selectionSet);
}

function onlyMeta(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((s) => {
    if (s.kind === Kind.FIELD) return s.name.value.startsWith("__");
    if (s.kind === Kind.INLINE_FRAGMENT) return onlyMeta(s.selectionSet);
    return false;
  });
}

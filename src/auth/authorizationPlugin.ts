import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { ErrorCode } from "../errors/codes";
import { GatewayError } from "../errors/GatewayError";
import type { GatewayContext } from "../gateway/context";
import { Role } from "./roles";

const MESSAGES = {
  missing: "Authentication required: send Authorization: Bearer <token>.",
  invalid: "The bearer token is invalid.",
  expired: "The bearer token has expired.",
} as const;

/** Root query fields that read the push ledger: they need `assist:read`, not `kb:read`. */
export const LEDGER_QUERY_FIELDS: ReadonlySet<string> = new Set(["push", "interaction", "pushes"]);

/** Mutations agents' tools call with `assist:feedback` (every other mutation needs `assist:push`). */
export const FEEDBACK_MUTATIONS: ReadonlySet<string> = new Set(["recordCardFeedback"]);

/** The roles an operation needs: one per kind of root field it selects. */
export function rolesFor(operation: OperationDefinitionNode): Set<Role> {
  if (operation.operation === "mutation") {
    const roles = new Set<Role>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && selection.name.value.startsWith("__")) continue;
      roles.add(selection.kind === Kind.FIELD && FEEDBACK_MUTATIONS.has(selection.name.value) ? Role.ASSIST_FEEDBACK : Role.ASSIST_PUSH);
    }
    return roles.size > 0 ? roles : new Set([Role.ASSIST_PUSH]);
  }
  if (operation.operation === "subscription") return new Set([Role.ASSIST_READ]);
  const roles = new Set<Role>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value.startsWith("__")) continue;
    roles.add(selection.kind === Kind.FIELD && LEDGER_QUERY_FIELDS.has(selection.name.value) ? Role.ASSIST_READ : Role.KB_READ);
  }
  return roles.size > 0 ? roles : new Set([Role.KB_READ]);
}

/**
 * Enforces roles per operation before anything executes: queries need `kb:read` (push history `assist:read`),
 * mutations `assist:push` (card feedback `assist:feedback`).
 * A pure introspection query needs no role where introspection is enabled (Sandbox loads the schema first).
 */
export function authorizationPlugin(options: { introspection: boolean }): ApolloServerPlugin<GatewayContext> {
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
          for (const needed of rolesFor(operation)) {
            if (!auth.caller.roles.has(needed)) {
              throw new GatewayError(ErrorCode.FORBIDDEN, `This operation needs the role ${needed}.`, { requiredRole: needed }, { http: 403 });
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

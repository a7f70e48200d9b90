import type { Resolvers } from "../../generated/graphql";
import { ErrorCode } from "../../platform/errors/codes";
import { BadUserInputError, GatewayError } from "../../platform/errors/GatewayError";
import type { LedgerScope, PushContext } from "./context";
import { decodeCursor, encodeCursor, parseInstant } from "./cursor";
import { toView, type PushRow } from "./pushRecord";
import { validateFeedFilter } from "./pushInput";

export const MAX_PAGE = 100;

function scopeOf(context: Partial<PushContext>): LedgerScope {
  if (!context.ledger) throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "The push ledger is not available.");
  return context.ledger;
}

/**
 * Resolvers of schema/ledger.graphql: history and the live feed. Roles are checked before any of these run
 * (authorizationPlugin for queries, the graphql-ws server for subscriptions).
 */
export const ledgerResolvers: Pick<Resolvers<PushContext>, "Query" | "Interaction" | "Subscription"> = {
  Query: {
    push: async (_root, { id }, context) => {
      const row = await scopeOf(context).ledger.get(id);
      return row ? toView(row) : null;
    },
    interaction: async (_root, { id }, context) =>
      (await scopeOf(context).ledger.interactionExists(id)) ? { id } : null,
    pushes: async (_root, args, context) => {
      const first = args.first ?? 20;
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
        throw new BadUserInputError("first", `first must be between 1 and ${MAX_PAGE}`);
      const where = args.where ?? {};
      const filter = {
        interactionId: where.interactionId ?? null,
        agentId: where.agentId ?? null,
        status: where.status ?? null,
        since: parseInstant(where.since, "where.since"),
        until: parseInstant(where.until, "where.until"),
      };
      const after = args.after ? decodeCursor(args.after) : null;
      const rows = await scopeOf(context).ledger.page(filter, first + 1, after);
      const page = rows.slice(0, first);
      const last = page[page.length - 1];
      return {
        edges: page.map((row) => ({ cursor: encodeCursor(row), node: toView(row) })),
        pageInfo: {
          hasNextPage: rows.length > first,
          hasPreviousPage: after !== null,
          startCursor: page[0] ? encodeCursor(page[0]) : null,
          endCursor: last ? encodeCursor(last) : null,
        },
      };
    },
  },
  Interaction: {
    pushes: async ({ id }, _args, context) => (await scopeOf(context).ledger.interactionPushes(id)).map(toView),
    shownArticles: ({ id }, _args, context) => scopeOf(context).ledger.shownArticles(id),
  },
  Subscription: {
    pushEvents: {
      subscribe: (_root, args, context) => {
        validateFeedFilter(args);
        return scopeOf(context).feed.subscribe(args);
      },
      resolve: (row: PushRow) => toView(row),
    },
  },
};

import { ErrorCode } from "../../platform/errors/codes";
import { BadUserInputError, GatewayError } from "../../platform/errors/GatewayError";
import type { LedgerScope, PushContext } from "./context";
import { decodeCursor, encodeCursor, parseInstant } from "./cursor";
import { toView, type PushRow, type PushStatus } from "./pushRecord";

export const MAX_PAGE = 100;

function scopeOf(context: Partial<PushContext>): LedgerScope {
  if (!context.ledger) throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, "The push ledger is not available.");
  return context.ledger;
}

interface PushesArgs {
  where?: {
    interactionId?: string | null;
    agentId?: string | null;
    status?: PushStatus | null;
    since?: string | null;
    until?: string | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

/**
 * Resolvers of schema/ledger.graphql: history and the live feed. Roles are checked before any of these run
 * (authorizationPlugin for queries, the graphql-ws server for subscriptions).
 */
export const ledgerResolvers = {
  Query: {
    push: async (_root: unknown, { id }: { id: string }, context: PushContext) => {
      const row = await scopeOf(context).ledger.get(id);
      return row ? toView(row) : null;
    },
    interaction: async (_root: unknown, { id }: { id: string }, context: PushContext) =>
      (await scopeOf(context).ledger.interactionExists(id)) ? { id } : null,
    pushes: async (_root: unknown, args: PushesArgs, context: PushContext) => {
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
    pushes: async ({ id }: { id: string }, _args: unknown, context: PushContext) =>
      (await scopeOf(context).ledger.interactionPushes(id)).map(toView),
    shownArticles: ({ id }: { id: string }, _args: unknown, context: PushContext) =>
      scopeOf(context).ledger.shownArticles(id),
  },
  Subscription: {
    pushEvents: {
      subscribe: (
        _root: unknown,
        args: { interactionId?: string | null; agentId?: string | null },
        context: PushContext,
      ) => scopeOf(context).feed.subscribe(args),
      resolve: (row: PushRow) => toView(row),
    },
  },
};

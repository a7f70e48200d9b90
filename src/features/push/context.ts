import type { BaseContext } from "../../platform/graphql/context";
import type { AgentAssistPusher, PushScope } from "./AgentAssistPusher";
import type { PushFeed } from "./PushFeed";
import type { PushLedger } from "./PushLedger";

/** The ledger as the request context carries it. */
export interface LedgerScope {
  ledger: PushLedger;
  feed: PushFeed;
}

/** What the push feature adds to a request's context. */
export interface PushContext extends BaseContext {
  /** The push mutations' collaborators; the DataLoader inside is new for every request. */
  assist: PushScope & { pusher: AgentAssistPusher };
  /** Push history and the live feed (absent in schema-only tests). */
  ledger?: LedgerScope;
}

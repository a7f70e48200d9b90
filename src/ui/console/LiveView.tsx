import { useEffect, useState } from "preact/hooks";
import { explain, gql, subscribeTo, subscriptions } from "./api";
import { Alert, Badge, Time } from "./bits";
import { PUSH_STATUS } from "./format";
import type { PushFieldsFragment } from "./generated/graphql";
import { LIVE, RECENT_PUSHES } from "./operations";
import { settings } from "./settings";

/** The close code the gateway ends a live-feed connection with when its token expires. */
const TOKEN_EXPIRED = 4401;
/** Pushes the view keeps (and loads from the ledger on opening). */
const KEEP = 200;
const BACKFILL = 50;

type Connection = { state: "connecting" | "live" | "reconnecting" | "offline" | "paused" | "refused"; says: string };

const CONNECTION: Record<Connection["state"], string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline: this browser has no network",
  paused: "Paused: your token expired. Paste a new one above to resume.",
  refused: "Refused",
};

/** Newest first, one row per push (a later event replaces the push's row). */
function merge(list: PushFieldsFragment[], incoming: PushFieldsFragment[], replace: boolean): PushFieldsFragment[] {
  const byId = new Map(list.map((p) => [p.id, p]));
  for (const p of incoming) if (replace || !byId.has(p.id)) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, KEEP);
}

/**
 * The latest pushes from the ledger, then every status change as it happens (any gateway process). A new token
 * (pasted above) opens a new connection; when the gateway closes it because the token expired, the feed says so.
 */
export function LiveView(props: {
  token: string | null;
  onOpen: (interactionId: string, from: HTMLElement | null) => void;
}) {
  const [pushes, setPushes] = useState<PushFieldsFragment[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState({ agent: "", interaction: "", status: "" });
  const [connection, setConnection] = useState<Connection>({ state: "connecting", says: CONNECTION.connecting });
  useEffect(() => {
    const to = (state: Connection["state"], says = CONNECTION[state]) => setConnection({ state, says });
    const backfill = () =>
      gql(settings, RECENT_PUSHES, { first: BACKFILL })
        .then((d) => {
          setPushes((list) =>
            merge(
              list,
              d.pushes.edges.map((e) => e.node),
              false,
            ),
          );
          setError(null);
        })
        .catch((e: unknown) => setError(explain(e)))
        .finally(() => setLoaded(true));
    const client = subscriptions(settings);
    client.on("connecting", () => to(navigator.onLine ? "connecting" : "offline"));
    // Every (re)connection loads what happened while away.
    client.on("connected", () => (to("live"), void backfill()));
    client.on("closed", () => to(navigator.onLine ? "reconnecting" : "offline"));
    const offline = () => to("offline");
    const online = () => to("reconnecting");
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    void backfill();
    const stop = subscribeTo(
      client,
      LIVE,
      {},
      {
        next: (data) => {
          const push = data?.pushEvents;
          if (push) setPushes((list) => merge(list, [push], true));
        },
        error: (e) =>
          e instanceof CloseEvent && e.code === TOKEN_EXPIRED
            ? to("paused")
            : to("refused", `Refused: ${e instanceof CloseEvent ? e.reason || e.code : "the feed failed"}`),
      },
    );
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      stop();
      void client.dispose();
    };
  }, [props.token]);
  const shown = pushes.filter(
    (p) =>
      (!filter.agent || p.agentId.includes(filter.agent)) &&
      (!filter.interaction || p.interactionId.includes(filter.interaction)) &&
      (!filter.status || p.status === filter.status),
  );
  const set = (key: keyof typeof filter) => (e: Event) =>
    setFilter({ ...filter, [key]: (e.target as HTMLInputElement).value });
  return (
    <section>
      <div class="view-head">
        <p class={`connection c-${connection.state}`} role="status" aria-live="polite">
          <span class="dot" aria-hidden="true" />
          {connection.says}
        </p>
        <p class="muted">Latest pushes from every gateway process, newest first.</p>
      </div>
      <form class="row filters" onSubmit={(e) => e.preventDefault()}>
        <label for="f-agent">Agent</label>
        <input id="f-agent" value={filter.agent} onInput={set("agent")} />
        <label for="f-interaction">Interaction</label>
        <input id="f-interaction" value={filter.interaction} onInput={set("interaction")} />
        <label for="f-status">Status</label>
        <select id="f-status" value={filter.status} onChange={set("status")}>
          <option value="">any</option>
          {Object.entries(PUSH_STATUS)
            .filter(([s]) => s !== "DRY_RUN")
            .map(([s, words]) => (
              <option value={s}>{words.badge}</option>
            ))}
        </select>
      </form>
      <Alert message={error} />
      {!loaded ? (
        <p class="muted">Loading the latest pushes…</p>
      ) : shown.length === 0 ? (
        <p class="muted">
          {pushes.length === 0 ? "No pushes yet. They appear here as they happen." : "No push matches these filters."}
        </p>
      ) : (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Interaction</th>
              <th scope="col">Agent</th>
              <th scope="col">Search</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => (
              <tr key={p.id}>
                <td data-label="When">
                  <Time iso={p.createdAt} />
                </td>
                <td data-label="Interaction">
                  <button
                    type="button"
                    class="link nowrap"
                    onClick={(e) => props.onOpen(p.interactionId, e.currentTarget)}
                  >
                    {p.interactionId}
                  </button>
                </td>
                <td data-label="Agent">{p.agentId}</td>
                <td data-label="Search" class="wrap">
                  {p.query}
                </td>
                <td data-label="Status">
                  <Badge table={PUSH_STATUS} value={p.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

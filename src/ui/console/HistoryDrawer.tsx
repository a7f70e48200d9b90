import { useEffect, useRef, useState } from "preact/hooks";
import { explain, gql } from "./api";
import { Alert, Badge, Time } from "./bits";
import { PUSH_STATUS } from "./format";
import type { HistoryQuery } from "./generated/graphql";
import { INTERACTION_HISTORY } from "./operations";
import { settings } from "./settings";

const FOCUSABLE = 'a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * An interaction's history in a drawer over the page: a scrim behind it, Escape or the scrim closes it, Tab stays
 * inside it (the console gives the focus back to what opened it).
 */
export function HistoryDrawer(props: { interactionId: string; onClose: () => void }) {
  const [data, setData] = useState<HistoryQuery["interaction"] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        props.onClose();
      } else if (e.key === "Tab" && panel.current) {
        const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const [first, last] = [items[0], items[items.length - 1]];
        if (!first || !last) return;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        } else if (!panel.current.contains(document.activeElement)) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    setData(undefined);
    gql(settings, INTERACTION_HISTORY, { id: props.interactionId })
      .then((d) => setData(d.interaction))
      .catch((e: unknown) => setError(explain(e)));
  }, [props.interactionId]);
  return (
    <>
      <div class="scrim" onClick={props.onClose} aria-hidden="true" />
      <div class="drawer" ref={panel} role="dialog" aria-modal="true" aria-labelledby="drawer-title">
        <div class="drawer-head">
          <h2 id="drawer-title">Interaction {props.interactionId}</h2>
          <button type="button" ref={close} onClick={props.onClose}>
            Close
          </button>
        </div>
        <Alert message={error} />
        {data === undefined && !error && <p class="muted">Loading…</p>}
        {data === null && <p class="muted">No push has reached this interaction.</p>}
        {data && (
          <>
            <h3>Shown to the agent</h3>
            {data.shownArticles.length === 0 ? (
              <p class="muted">Nothing yet.</p>
            ) : (
              <ul class="plain">
                {data.shownArticles.map((a) => (
                  <li>
                    <a href={a.url} target="_blank" rel="noreferrer">
                      {a.title}
                    </a>{" "}
                    <span class="muted">
                      <Time iso={a.shownAt} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <h3>Pushes, newest first</h3>
            <ul class="plain">
              {data.pushes.map((p) => (
                <li class="history-push">
                  <Badge table={PUSH_STATUS} value={p.status} /> “{p.query}” · {p.agentId} · <Time iso={p.createdAt} />
                  {p.lastError && <p class="muted">{p.lastError.message}</p>}
                  {p.cards.length > 0 && (
                    <ul class="plain small">
                      {p.cards.map((c) => (
                        <li>{c.title}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </>
  );
}

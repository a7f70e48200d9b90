import { useEffect, useRef, useState } from "preact/hooks";
import { explain, gql, subscribeTo, subscriptions } from "./api";
import { Alert, Badge, FieldError, Time } from "./bits";
import { Cards } from "./Cards";
import { checkPushForm, pushFieldError, type FieldErrors } from "./fields";
import { PUSH_STATUS } from "./format";
import type { PushMutation, RankMode } from "./generated/graphql";
import { PUSH, WATCH_INTERACTION } from "./operations";
import { settings } from "./settings";

type Pushed = PushMutation["pushToAgentAssist"];

/** Push articles into an agent's workspace (or preview them), from a search or from what the customer said. */
export function PushView(props: { onOpen: (interactionId: string, from: HTMLElement | null) => void }) {
  const [form, setForm] = useState({
    interaction: "INT-42",
    agent: "agent-7",
    from: "query" as "query" | "text",
    query: "voip gateway password",
    text: "",
    rank: "" as RankMode | "",
    limit: "5",
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<{ push: Pushed; detail?: string; anyway: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unsubscribe = useRef<(() => void) | null>(null);
  useEffect(() => () => unsubscribe.current?.(), []);

  const watch = (push: Pushed) => {
    const client = subscriptions(settings);
    const stop = subscribeTo(
      client,
      WATCH_INTERACTION,
      { i: push.interactionId },
      {
        next: (event) => {
          if (event?.pushEvents.id === push.id)
            setOutcome((o) =>
              o
                ? {
                    ...o,
                    push: { ...o.push, status: event.pushEvents.status as Pushed["status"] },
                    detail: event.pushEvents.lastError?.message,
                  }
                : o,
            );
        },
        error: () => undefined,
      },
    );
    unsubscribe.current = () => {
      stop();
      void client.dispose();
    };
  };

  const send = async (dryRun: boolean, includeShown = false) => {
    setError(null);
    unsubscribe.current?.();
    const errors = checkPushForm(form);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      const input = {
        interactionId: form.interaction.trim(),
        agentId: form.agent.trim(),
        ...(form.from === "query" ? { query: form.query } : { text: form.text }),
        limit: Number(form.limit),
        dryRun,
        includeShown,
        ...(form.rank ? { rank: form.rank } : {}),
      };
      const push = (await gql(settings, PUSH, { input })).pushToAgentAssist;
      const detail = push.status === "QUEUED" ? push.lastError?.message : undefined;
      setOutcome({ push, anyway: includeShown, ...(detail ? { detail } : {}) });
      if (push.status === "QUEUED" && push.id) watch(push);
    } catch (e) {
      setOutcome(null);
      const onField = pushFieldError(e);
      if (onField) setFieldErrors(onField);
      else setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof typeof form) => ({
    id: `push-${name}`,
    value: form[name],
    "aria-invalid": fieldErrors[name] ? true : undefined,
    "aria-describedby": fieldErrors[name] ? `push-${name}-error` : undefined,
    onInput: (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value }),
  });
  const push = outcome?.push;
  return (
    <section>
      <form
        class="grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send(false);
        }}
      >
        <label for="push-interaction">Interaction</label>
        <div>
          <input {...field("interaction")} autocomplete="off" />
          <FieldError id="push-interaction-error" message={fieldErrors.interaction} />
        </div>
        <label for="push-agent">Agent</label>
        <div>
          <input {...field("agent")} autocomplete="off" />
          <FieldError id="push-agent-error" message={fieldErrors.agent} />
        </div>
        <span class="label" id="push-from-label">
          Push from
        </span>
        <div class="choice" role="radiogroup" aria-labelledby="push-from-label">
          <label>
            <input
              type="radio"
              name="from"
              checked={form.from === "query"}
              onChange={() => setForm({ ...form, from: "query" })}
            />{" "}
            what the agent searched
          </label>
          <label>
            <input
              type="radio"
              name="from"
              checked={form.from === "text"}
              onChange={() => setForm({ ...form, from: "text" })}
            />{" "}
            what the customer said
          </label>
        </div>
        {form.from === "query" ? (
          <>
            <label for="push-query">Search</label>
            <div>
              <input {...field("query")} />
              <FieldError id="push-query-error" message={fieldErrors.query} />
            </div>
          </>
        ) : (
          <>
            <label for="push-text">Customer's words</label>
            <div>
              <textarea {...field("text")} rows={3} placeholder="hi, my voip gateway password stopped working" />
              <FieldError id="push-text-error" message={fieldErrors.text} />
            </div>
          </>
        )}
        <label for="push-rank">Order</label>
        <div class="inline">
          <select
            {...field("rank")}
            onChange={(e) => setForm({ ...form, rank: (e.target as HTMLSelectElement).value as RankMode })}
          >
            <option value="">the gateway's default</option>
            <option value="PRIORITY">by priority</option>
            <option value="LEARNED">learned from feedback</option>
            <option value="RELEVANCE">by relevance</option>
          </select>
          <label for="push-limit">Cards</label>
          <input {...field("limit")} type="number" min={1} max={20} class="narrow" />
        </div>
        <FieldError id="push-limit-error" message={fieldErrors.limit} />
        <div class="buttons">
          <button type="button" disabled={busy} onClick={() => void send(true)}>
            Preview
          </button>
          <button type="submit" class="primary" disabled={busy}>
            Push to agent
          </button>
        </div>
      </form>
      <Alert message={error} />
      {push && (
        <div class={`outcome s-${push.status}`} role="status" aria-live="polite">
          <p class="outcome-head">
            <Badge table={PUSH_STATUS} value={push.status} />{" "}
            <span>{outcome?.detail ?? PUSH_STATUS[push.status]?.says}</span>
          </p>
          {push.id && (
            <p class="meta">
              <span>
                Push <code>{push.id}</code>
              </span>
              <button type="button" class="link" onClick={(e) => props.onOpen(push.interactionId, e.currentTarget)}>
                Open interaction {push.interactionId}
              </button>
              {push.status === "QUEUED" && push.nextAttemptAt && (
                <span>
                  next try <Time iso={push.nextAttemptAt} />
                </span>
              )}
            </p>
          )}
          {push.status === "ALREADY_SHOWN" && !outcome?.anyway && (
            <p>
              <button type="button" disabled={busy} onClick={() => void send(false, true)}>
                Push anyway
              </button>{" "}
              <span class="muted">sends the same articles again</span>
            </p>
          )}
          {push.cards.length > 0 && (
            <Cards
              cards={push.cards.map((c) => ({
                title: c.title,
                url: c.url,
                priority: c.metadata.priority,
                summary: c.description,
                updatedAt: c.metadata.lastUpdated ?? null,
                reason: c.metadata.reason ?? null,
              }))}
            />
          )}
        </div>
      )}
    </section>
  );
}

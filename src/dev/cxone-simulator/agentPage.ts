import type { DeliveryRecord } from "./deliveryStore";
import { pushIdOf } from "./cardFeedback";
import { escapeHtml, FAVICON_LINK } from "../../ui/pages/pageHtml";
import { PRIORITY_CSS, priorityClass } from "../../ui/pages/priority";
import { isStale, relativeAge } from "../../ui/pages/relativeAge";
import { absoluteTime, relativeTime } from "../../ui/pages/times";

/** What the page shows besides the deliveries. */
export interface AgentPageOptions {
  /** Helpful / not helpful buttons on each card (the simulator knows a gateway to send answers to). */
  feedback: boolean;
  /** The agent whose sidebar this is (`?agent=`); null: every agent's interactions. */
  agentId: string | null;
  /** The outcome of the last answer (the page without JavaScript), shown once. */
  note: string | null;
  /** Which agent a delivery's push was for, when known. */
  agentOf: (delivery: DeliveryRecord) => string | null;
  /** An agent's last answer about a card of a push. */
  answerOf: (pushId: string, url: string, agentId: string) => boolean | undefined;
  /** Whether agents can be told apart (otherwise `?agent=` cannot filter, and the page says so). */
  knowsAgents: boolean;
  /** Agents seen so far, for the agent picker. */
  agents: string[];
  /** The page's version: the live patching asks for the list only when it changed. */
  version: number;
  now?: number;
}

const escape = (text: unknown): string => escapeHtml(String(text ?? ""));

/** The deliveries this page lists: the agent's (or everyone's), interactions by their latest push, newest first. */
function interactionsFor(deliveries: DeliveryRecord[], options: AgentPageOptions): [string, DeliveryRecord[]][] {
  const mine =
    options.agentId && options.knowsAgents
      ? deliveries.filter((d) => options.agentOf(d) === options.agentId)
      : deliveries;
  const byInteraction = new Map<string, DeliveryRecord[]>();
  for (const d of mine) {
    const list = byInteraction.get(d.interactionId) ?? [];
    byInteraction.delete(d.interactionId); // re-inserted last: the most recently delivered to ends last
    byInteraction.set(d.interactionId, [...list, d]);
  }
  return [...byInteraction.entries()].reverse().map(([id, list]) => [id, [...list].reverse()]);
}

/** The list part of the page (what the live patching replaces). */
export function renderAgentList(deliveries: DeliveryRecord[], options: AgentPageOptions): string {
  const interactions = interactionsFor(deliveries, options);
  if (interactions.length === 0)
    return `<p class="empty">${
      options.agentId ? `No cards for ${escape(options.agentId)} yet.` : "No interaction has received cards yet."
    } Run the pushToAgentAssist mutation, or push from the supervisor console: they appear here without reloading.</p>`;
  return interactions
    .map(([interactionId, pushes]) => {
      const body = pushes.map((delivery, i) => renderPush(delivery, i === 0, options)).join("\n");
      return `<section class="interaction" aria-label="Interaction ${escape(interactionId)}"><h2>Interaction ${escape(interactionId)} <small>${pushes.length} push${pushes.length === 1 ? "" : "es"}</small></h2>
${body}</section>`;
    })
    .join("\n");
}

/**
 * The simulator's root page, an agent's sidebar in the workspace: one narrow column of interactions, newest first,
 * each push's cards with priority colour, freshness, why each was suggested and, when a gateway is known, helpful /
 * not helpful buttons that answer in place. The list patches itself when something changes, never reloading the
 * page under the reader.
 */
export function renderAgentPage(deliveries: DeliveryRecord[], options: AgentPageOptions): string {
  const who = options.agentId ? `${escape(options.agentId)}'s sidebar` : "every agent";
  const picker = options.agents.length
    ? `<nav class="agents" aria-label="Agents"><a href="/"${options.agentId ? "" : ' aria-current="page"'}>All agents</a>${options.agents
        .map(
          (a) =>
            `<a href="/?agent=${encodeURIComponent(a)}"${a === options.agentId ? ' aria-current="page"' : ""}>${escape(a)}</a>`,
        )
        .join("")}</nav>`
    : "";
  const cannotTell =
    options.agentId && !options.knowsAgents
      ? `<p class="note" role="status">This simulator has no gateway to ask which agent a push was for, so it shows every interaction.</p>`
      : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CXone simulator · Agent Assist${options.agentId ? ` · ${escape(options.agentId)}` : ""}</title>
${FAVICON_LINK}
<style>${STYLE}${PRIORITY_CSS}</style></head>
<body><header class="top"><h1>CXone simulator · Agent Assist</h1><p>${who} · <span id="live" role="status">live</span></p>${picker}</header>
${options.note ? `<p class="note" role="status">${escape(options.note)}</p>` : ""}${cannotTell}
<main id="list" data-version="${options.version}">${renderAgentList(deliveries, options)}</main>
<script>${SCRIPT}</script>
</body></html>`;
}

function renderPush(delivery: DeliveryRecord, latest: boolean, options: AgentPageOptions): string {
  const pushId = options.feedback ? pushIdOf(delivery.idempotencyKey) : null;
  const agent = options.agentId ?? options.agentOf(delivery) ?? "agent-1";
  const forWhom = options.agentId ? "" : ` · for ${escape(options.agentOf(delivery) ?? "an unknown agent")}`;
  const cards = delivery.cards
    .map((card) => {
      const updated = card.metadata?.lastUpdated;
      const stale = isStale(updated);
      const answer = pushId ? options.answerOf(pushId, card.url, agent) : undefined;
      return `<article class="card">
  <header><span class="priority ${priorityClass(card.metadata?.priority)}" title="priority ${escape(card.metadata?.priority)} of 10">P${escape(card.metadata?.priority)}</span> <a href="${escape(card.url)}" target="_blank" rel="noreferrer">${escape(card.title)}</a></header>
  <p>${escape(card.description)}</p>
  ${card.metadata?.reason ? `<p class="reason">${escape(card.metadata.reason)}</p>` : ""}
  <p class="meta">${updated ? `<time datetime="${escape(updated)}" title="${escape(absoluteTime(updated))}">${escape(relativeAge(updated))}</time>` : "<span>no update date</span>"}${stale ? `<span class="stale">out of date</span>` : ""}</p>
  ${pushId ? feedbackForm(pushId, card.url, card.title, agent, answer) : ""}
</article>`;
    })
    .join("\n");
  return `<div class="push${latest ? "" : " older"}"><p class="push-head">${latest ? "Latest push" : "Earlier push"} <time datetime="${escape(delivery.receivedAt)}" title="${escape(absoluteTime(delivery.receivedAt))}">${escape(relativeTime(delivery.receivedAt, options.now))}</time> · ${delivery.cards.length} card${delivery.cards.length === 1 ? "" : "s"}${forWhom}</p>
${cards || "<p><em>No cards.</em></p>"}</div>`;
}

/**
 * A card action: the agent's helpful / not helpful answer, posted to the simulator, which forwards it to the
 * gateway. The chosen answer is pressed (aria-pressed) and can be changed.
 */
function feedbackForm(
  pushId: string,
  url: string,
  title: string,
  agentId: string,
  answer: boolean | undefined,
): string {
  const hidden = `<input type="hidden" name="pushId" value="${escape(pushId)}"><input type="hidden" name="url" value="${escape(url)}"><input type="hidden" name="agentId" value="${escape(agentId)}">`;
  const pressed = (value: boolean) => `aria-pressed="${answer === value}"`;
  const said = answer === undefined ? "" : `You answered: ${answer ? "helpful" : "not helpful"}.`;
  return `<form class="feedback" method="post" action="/_agent/feedback">${hidden}
    <button type="submit" name="helpful" value="true" ${pressed(true)} aria-label="Helpful: ${escape(title)}">✓ Helpful</button>
    <button type="submit" name="helpful" value="false" ${pressed(false)} aria-label="Not helpful: ${escape(title)}">✗ Not helpful</button>
    <span class="answer" role="status">${said}</span>
  </form>`;
}

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f5f8;color:#18212b;line-height:1.45}
header.top{background:#18212b;color:#fff;padding:.7rem 1rem}header.top h1{font-size:1.1rem;margin:0}header.top p{margin:.2rem 0 0;color:#c9d3dd;font-size:.85rem}
.agents{display:flex;flex-wrap:wrap;gap:.3rem .8rem;margin-top:.4rem;font-size:.85rem}.agents a{color:#cfe3ff}.agents a[aria-current]{color:#fff;font-weight:700;text-decoration:none}
main{max-width:34rem;margin:0 auto;padding:.8rem;display:grid;gap:.8rem}
h2{font-size:1rem;margin:0 0 .4rem;overflow-wrap:anywhere} small{color:#4d5b69;font-weight:normal}
.interaction{background:#fff;border-radius:10px;box-shadow:0 1px 3px #0002;padding:.7rem .9rem}
.push{border-top:1px solid #e1e6ec;padding-top:.4rem;margin-top:.4rem}.push:first-of-type{border-top:none;margin-top:0}.push.older{opacity:.8}
.push-head{font-size:.8rem;color:#4d5b69;margin:.1rem 0 .3rem}
.card{border:1px solid #d9e0e7;border-radius:8px;padding:.55rem .75rem;margin:.45rem 0;background:#fff}
.card header{font-weight:600;display:flex;gap:.45rem;align-items:baseline}
a{color:#1458a8;text-decoration-thickness:1px;text-underline-offset:2px}
.card p{margin:.3rem 0;font-size:.92rem;overflow-wrap:anywhere}
.priority{display:inline-block;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.75rem;font-weight:700;flex:none}
.meta{font-size:.8rem;color:#4d5b69;display:flex;flex-wrap:wrap;gap:.2rem .8rem}
.stale{color:#a3261b;font-weight:700}
.reason{font-size:.84rem;color:#34495e;font-style:italic}
.feedback{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.4rem}
.feedback button{border:1px solid #aab6c2;background:#fff;border-radius:999px;padding:.15rem .7rem;cursor:pointer;font:inherit;font-size:.84rem;color:#18212b}
.feedback button:hover{background:#eef3f8}.feedback button:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.feedback button[aria-pressed=true]{background:#1458a8;border-color:#1458a8;color:#fff}
.answer{font-size:.8rem;color:#4d5b69}
.note{background:#fdf0cf;border:1px solid #e0c96a;border-radius:6px;padding:.5rem .8rem;margin:.8rem auto 0;max-width:34rem}
.empty{padding:.5rem 0}
`;

/**
 * Answers in place (fetch, no reload) and patches the list when the simulator says it changed: every 3 s while the
 * page is visible, not while the reader has a card's button focused.
 */
const SCRIPT = `(function () {
  var list = document.getElementById("list");
  var live = document.getElementById("live");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("feedback")) return;
    event.preventDefault();
    var button = event.submitter;
    var data = new URLSearchParams(new FormData(form));
    if (button && button.name) data.set(button.name, button.value);
    var status = form.querySelector(".answer");
    status.textContent = "Sending…";
    fetch("/_agent/feedback", { method: "POST", headers: { accept: "application/json", "content-type": "application/x-www-form-urlencoded" }, body: data.toString() })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        status.textContent = answer.message;
        if (answer.ok) form.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.value === data.get("helpful"))); });
        list.dataset.version = String(answer.version);
      })
      .catch(function () { status.textContent = "Not recorded: the simulator did not answer."; });
  });
  function patch() {
    if (document.hidden || (document.activeElement && list.contains(document.activeElement) && document.activeElement.tagName === "BUTTON")) return;
    fetch("/_agent/list" + location.search + (location.search ? "&" : "?") + "version=" + list.dataset.version, { headers: { accept: "application/json" } })
      .then(function (r) { return r.status === 204 ? null : r.json(); })
      .then(function (next) {
        live.textContent = "live";
        if (next) { list.innerHTML = next.html; list.dataset.version = String(next.version); }
      })
      .catch(function () { live.textContent = "offline: retrying"; });
  }
  setInterval(patch, 3000);
  document.addEventListener("visibilitychange", patch);
})();`;

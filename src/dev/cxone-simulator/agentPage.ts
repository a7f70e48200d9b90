import type { DeliveryRecord } from "./deliveryStore";
import { pushIdOf } from "./cardFeedback";
import { escapeHtml } from "../../ui/pages/pageHtml";
import { isStale, PRIORITY_CSS, priorityClass, relativeAge } from "../../ui/pages/relativeAge";

/** What the page shows besides the deliveries. */
export interface AgentPageOptions {
  /** Helpful / not helpful buttons on each card (the simulator knows a gateway to send answers to). */
  feedback: boolean;
  /** The agent answering (the page's `?agent=`). */
  agentId: string;
  /** The outcome of the last answer, shown once. */
  note: string | null;
}

const escape = (text: unknown): string => escapeHtml(String(text ?? ""));

/**
 * The simulator's root page, an agent's workspace: per interaction (most recent first), every push it received,
 * newest first, as cards with priority colour, freshness, why each was suggested and, when a gateway is known,
 * helpful / not helpful buttons.
 */
export function renderAgentPage(
  deliveries: DeliveryRecord[],
  options: AgentPageOptions = { feedback: false, agentId: "agent-1", note: null },
): string {
  const byInteraction = new Map<string, DeliveryRecord[]>();
  for (const d of deliveries) byInteraction.set(d.interactionId, [...(byInteraction.get(d.interactionId) ?? []), d]);
  const sections = [...byInteraction.entries()]
    .reverse()
    .map(([interactionId, records]) => {
      const pushes = [...records]
        .reverse()
        .map((delivery, i) => renderPush(delivery, i === 0, options))
        .join("\n");
      return `<section class="interaction" aria-label="Interaction ${escape(interactionId)}"><h2>Interaction ${escape(interactionId)} <small>${records.length} push${records.length === 1 ? "" : "es"}</small></h2>
${pushes}</section>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CXone simulator: Agent Assist</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#eef1f5;color:#1d2733;line-height:1.4}
header.top{background:#1d2733;color:#fff;padding:.7rem 1.5rem}header.top h1{font-size:1.15rem;margin:0}header.top p{margin:.2rem 0 0;color:#c9d3dd;font-size:.85rem}
main{padding:1rem 1.5rem;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(26rem,1fr));align-items:start}
h2{font-size:1rem;margin:0 0 .5rem} small{color:#566676;font-weight:normal}
.interaction{background:#fff;border-radius:10px;box-shadow:0 1px 3px #0002;padding:.8rem 1rem}
.push{border-top:1px solid #e1e6ec;padding-top:.4rem;margin-top:.4rem}.push.older{opacity:.75}
.push-head{font-size:.8rem;color:#566676;margin:.2rem 0 .3rem}
.card{border:1px solid #dde3ea;border-radius:8px;padding:.55rem .75rem;margin:.45rem 0}
.card header{font-weight:600;display:flex;gap:.45rem;align-items:baseline}.card a{color:#0b4f94}
.card p{margin:.3rem 0;font-size:.92rem}
.priority{display:inline-block;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.78rem;font-weight:700;flex:none}
.meta{font-size:.8rem;color:#566676;display:flex;flex-wrap:wrap;gap:.2rem .8rem}
.stale{color:#a3261b;font-weight:700}${PRIORITY_CSS}
.reason{font-size:.84rem;color:#34495e;font-style:italic}
.feedback{display:flex;gap:.5rem;margin-top:.4rem}.feedback button{border:1px solid #8a99a8;background:#fff;border-radius:5px;padding:.15rem .6rem;cursor:pointer;font:inherit;font-size:.84rem;color:#1d2733}
.feedback button:hover,.feedback button:focus-visible{background:#e8eef5;outline:2px solid #f0a500}
.note{background:#fff4d6;border:1px solid #e0c96a;border-radius:6px;padding:.5rem .8rem;margin:1rem 1.5rem 0}
.empty{padding:1rem 1.5rem}
</style></head>
<body><header class="top"><h1>CXone simulator · Agent Assist workspace</h1><p>${deliveries.length} deliver${deliveries.length === 1 ? "y" : "ies"} received · answering as ${escape(options.agentId)} · <label><input type="checkbox" id="auto" checked> refresh every 5 seconds</label></p></header>
${options.note ? `<p class="note" role="status">${escape(options.note)}</p>` : ""}
${sections ? `<main>${sections}</main>` : `<p class="empty">No interaction has received cards yet. Run the pushToAgentAssist mutation, or push from the supervisor console.</p>`}
<script>
// Refreshes while the box is ticked (the choice is kept for this tab); a user can stop it to read in peace.
(function () {
  var box = document.getElementById("auto");
  box.checked = sessionStorage.getItem("simulator-auto-refresh") !== "off";
  box.addEventListener("change", function () { sessionStorage.setItem("simulator-auto-refresh", box.checked ? "on" : "off"); });
  setInterval(function () { if (box.checked && !document.querySelector("form.feedback :focus")) location.reload(); }, 5000);
})();
</script>
</body></html>`;
}

function renderPush(delivery: DeliveryRecord, latest: boolean, options: AgentPageOptions): string {
  const pushId = options.feedback ? pushIdOf(delivery.idempotencyKey) : null;
  const time = new Date(delivery.receivedAt).toISOString().slice(11, 19);
  const cards = delivery.cards
    .map((card) => {
      const age = relativeAge(card.metadata?.lastUpdated);
      const stale = isStale(card.metadata?.lastUpdated);
      return `<article class="card">
  <header><span class="priority ${priorityClass(card.metadata?.priority)}" title="priority ${escape(card.metadata?.priority)}">P${escape(card.metadata?.priority)}</span> <a href="${escape(card.url)}" target="_blank" rel="noreferrer">${escape(card.title)}</a></header>
  <p>${escape(card.description)}</p>
  ${card.metadata?.reason ? `<p class="reason">${escape(card.metadata.reason)}</p>` : ""}
  <p class="meta"><span>${escape(age ?? "no update date")}</span>${stale ? `<span class="stale">stale</span>` : ""}</p>
  ${pushId ? feedbackForm(pushId, card.url, card.title, options.agentId) : ""}
</article>`;
    })
    .join("\n");
  return `<div class="push${latest ? "" : " older"}"><p class="push-head">${latest ? "Latest push" : "Earlier push"} at ${time} UTC · ${delivery.cards.length} card${delivery.cards.length === 1 ? "" : "s"} · via ${escape(delivery.route)}</p>
${cards || "<p><em>No cards.</em></p>"}</div>`;
}

/** A card action: the agent's helpful / not helpful answer, posted to the simulator, which forwards it to the gateway. */
function feedbackForm(pushId: string, url: string, title: string, agentId: string): string {
  const hidden = `<input type="hidden" name="pushId" value="${escape(pushId)}"><input type="hidden" name="url" value="${escape(url)}"><input type="hidden" name="agentId" value="${escape(agentId)}">`;
  return `<form class="feedback" method="post" action="/_agent/feedback">${hidden}
    <button type="submit" name="helpful" value="true" aria-label="Helpful: ${escape(title)}">✓ Helpful</button>
    <button type="submit" name="helpful" value="false" aria-label="Not helpful: ${escape(title)}">✗ Not helpful</button>
  </form>`;
}

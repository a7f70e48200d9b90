import { Badge, Priority } from "./bits";
import { absoluteTime, MATCHED_BY, relativeAge } from "./format";

/** One article as a card: what Search shows and what a push delivered. */
export interface CardView {
  title: string;
  url: string;
  priority: number;
  summary?: string | null;
  updatedAt?: string | null;
  stale?: boolean;
  reason?: string | null;
  matchedBy?: string;
  feedback?: { shown: number; helpful: number; notHelpful: number; helpfulRate?: number | null };
}

export function Cards(props: { cards: CardView[] }) {
  return (
    <ol class="cards">
      {props.cards.map((card) => (
        <li class="card">
          <div class="card-head">
            <Priority value={card.priority} />
            <a href={card.url} target="_blank" rel="noreferrer">
              {card.title}
            </a>
          </div>
          {card.summary && <p>{card.summary}</p>}
          <p class="meta">
            {card.matchedBy && <Badge table={MATCHED_BY} value={card.matchedBy} />}
            {card.updatedAt ? (
              <time dateTime={card.updatedAt} title={absoluteTime(card.updatedAt)}>
                {relativeAge(card.updatedAt)}
              </time>
            ) : (
              <span>no update date</span>
            )}
            {card.stale && <span class="stale">out of date</span>}
            {card.reason && <span>{card.reason}</span>}
            {card.feedback && <span>{feedbackWords(card.feedback)}</span>}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** "Shown 3 times · 2 of 3 answers helpful", "Shown once · no answers yet". */
export function feedbackWords(f: { shown: number; helpful: number; notHelpful: number }): string {
  const shown = f.shown === 0 ? "Never shown" : f.shown === 1 ? "Shown once" : `Shown ${f.shown} times`;
  const answers = f.helpful + f.notHelpful;
  return answers === 0 ? `${shown} · no answers yet` : `${shown} · ${f.helpful} of ${answers} answers helpful`;
}

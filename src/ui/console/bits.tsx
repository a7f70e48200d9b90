import { useEffect, useState } from "preact/hooks";
import { absoluteTime, PRIORITY_LEGEND, PRIORITY_RAMP, priorityStep, relativeTime, wordFor, type Tone } from "./format";

/** A time as every page writes it: relative, the absolute UTC time on hover; it keeps itself current. */
export function Time(props: { iso: string | null | undefined }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 15_000);
    return () => clearInterval(timer);
  }, []);
  if (!props.iso) return null;
  return (
    <time dateTime={props.iso} title={absoluteTime(props.iso)}>
      {relativeTime(props.iso)}
    </time>
  );
}

/** An enum value as a badge in words, coloured by its tone, the full sentence on hover. */
export function Badge(props: {
  table: Record<string, { badge: string; tone?: Tone; says: string }>;
  value: string;
  "data-status"?: string;
}) {
  const entry = props.table[props.value];
  return (
    <span class={`badge tone-${entry?.tone ?? "neutral"}`} title={entry?.says} data-value={props.value}>
      {wordFor(props.table, props.value)}
    </span>
  );
}

/** A priority on the ramp. */
export function Priority(props: { value: number }) {
  return (
    <span
      class="priority"
      style={{ background: PRIORITY_RAMP[priorityStep(props.value)] }}
      title={`priority ${props.value} of 10`}
    >
      P{props.value}
    </span>
  );
}

/** The ramp with its ends explained. */
export function PriorityLegend() {
  return (
    <p class="legend" title={PRIORITY_LEGEND}>
      <span>Priority</span>
      <span class="ramp" aria-hidden="true">
        {PRIORITY_RAMP.map((colour, p) => (
          <span style={{ background: colour }} title={`P${p}`}>
            {p}
          </span>
        ))}
      </span>
      <span class="muted">0 lowest · 10 most urgent</span>
    </p>
  );
}

/** A message the form shows under a field it belongs to. */
export function FieldError(props: { id: string; message: string | undefined }) {
  return props.message ? (
    <p class="field-error" id={props.id}>
      {props.message}
    </p>
  ) : null;
}

/** An error of the whole view. */
export function Alert(props: { message: string | null }) {
  return props.message ? (
    <p class="error" role="alert">
      {props.message}
    </p>
  ) : null;
}

import { useState } from "preact/hooks";
import { rolesOf } from "./api";
import { absoluteTime, relativeTime } from "./format";

/** Who is signed in (from the token's payload), or a box to paste a token into. */
export function TokenBox(props: { token: string | null; onChange: (token: string | null) => void }) {
  const [draft, setDraft] = useState("");
  const who = rolesOf(props.token);
  if (props.token) {
    const until = who?.expiresAt ? new Date(who.expiresAt).toISOString() : null;
    return (
      <div class="token">
        <span>
          Signed in as <strong>{who?.subject ?? "?"}</strong> · {who?.roles.length ? who.roles.join(", ") : "no roles"}
          {until && (
            <>
              {" · "}
              <span title={absoluteTime(until)}>token ends {relativeTime(until)}</span>
            </>
          )}
        </span>
        <button type="button" onClick={() => props.onChange(null)}>
          Sign out
        </button>
      </div>
    );
  }
  return (
    <form
      class="token"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim()) props.onChange(draft.trim().replace(/^Bearer\s+/i, ""));
        setDraft("");
      }}
    >
      <label for="token">Bearer token</label>
      <input
        id="token"
        type="password"
        autocomplete="off"
        value={draft}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
      />
      <button type="submit">Use token</button>
    </form>
  );
}

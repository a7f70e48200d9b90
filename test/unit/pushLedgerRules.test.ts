import { parse, type OperationDefinitionNode } from "graphql";
import { rolesFor as rolesOf } from "../../src/platform/auth/authorizationPlugin";
import { featureRoles } from "../../src/app/features";
import { PUSH_RETRY_DEFAULT, nextAttemptAt, pushIdempotencyKey } from "../../src/features/push/pushDelivery";
import { decodeCursor, encodeCursor, parseInstant } from "../../src/features/push/cursor";
import { atVersion, type PushRow } from "../../src/features/push/pushRecord";

const operation = (text: string) => parse(text).definitions[0] as OperationDefinitionNode;

const rolesFor = (operation: Parameters<typeof rolesOf>[0]) => rolesOf(operation, featureRoles());

describe("when a queued push is tried again", () => {
  it("backs off exponentially with jitter between half and all of the step, capped", () => {
    expect(nextAttemptAt(0, 1, undefined, () => 0)).toBe(250);
    expect(nextAttemptAt(0, 1, undefined, () => 1)).toBe(500);
    expect(nextAttemptAt(0, 3, undefined, () => 1)).toBe(2_000);
    expect(nextAttemptAt(0, 20, undefined, () => 1)).toBe(PUSH_RETRY_DEFAULT.capMs);
  });

  it("never earlier than CXone's Retry-After", () => {
    expect(nextAttemptAt(1_000, 1, 30, () => 1)).toBe(31_000);
    expect(nextAttemptAt(1_000, 5, 1, () => 1)).toBe(1_000 + 5_000);
  });

  it("uses one Idempotency-Key per push, the same on every attempt", () => {
    expect(pushIdempotencyKey("p-1")).toBe(pushIdempotencyKey("p-1"));
    expect(pushIdempotencyKey("p-1")).not.toBe(pushIdempotencyKey("p-2"));
  });
});

describe("history paging input", () => {
  it("round-trips a cursor and refuses anything else as BAD_USER_INPUT on after", () => {
    const cursor = { createdAt: 1_764_300_000_000, id: "0b5e4f6c-3f0a-4c1e-9a53-1f2e3d4c5b6a" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(() => decodeCursor("bm9wZQ")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "after" }) }),
    );
  });

  it("reads ISO-8601 instants and refuses other text", () => {
    expect(parseInstant("2026-01-31T12:00:00Z", "where.since")).toBe(Date.UTC(2026, 0, 31, 12));
    expect(parseInstant(undefined, "where.since")).toBeNull();
    expect(() => parseInstant("yesterday", "where.since")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: "where.since" }) }),
    );
  });
});

describe("roles per operation", () => {
  it("history needs assist:read, searches kb:read, a mix both, mutations assist:push, subscriptions assist:read", () => {
    expect([...rolesFor(operation("{ pushes { edges { cursor } } }"))]).toEqual(["assist:read"]);
    expect([...rolesFor(operation('{ suggestArticles(query: "x") { url } }'))]).toEqual(["kb:read"]);
    expect([...rolesFor(operation('{ push(id: "1") { id } articles { url } }'))].sort()).toEqual([
      "assist:read",
      "kb:read",
    ]);
    expect([...rolesFor(operation("mutation { pushToAgentAssist { status } }"))]).toEqual(["assist:push"]);
    expect([...rolesFor(operation("subscription { pushEvents { id } }"))]).toEqual(["assist:read"]);
    expect([...rolesFor(operation("mutation { recordCardFeedback(input: {}) { helpful } }"))]).toEqual([
      "assist:feedback",
    ]);
    expect(
      [
        ...rolesFor(operation("mutation { recordCardFeedback(input: {}) { helpful } pushToAgentAssist { status } }")),
      ].sort(),
    ).toEqual(["assist:feedback", "assist:push"]);
    expect([
      ...rolesFor(
        operation('{ suggestions(query: "x") { rank } knowledgeGaps { text } suggestFromText(text: "x") { rank } }'),
      ),
    ]).toEqual(["kb:read"]);
  });
});

describe("a push's earlier versions for the live feed", () => {
  it("takes the status of that version from the history and keeps delivery facts to DELIVERED", () => {
    const row = {
      version: 3,
      status: "DELIVERED",
      history: ["PENDING", "QUEUED", "DELIVERED"],
      deliveredAt: 9,
      contentId: "c",
      nextAttemptAt: 5,
    } as PushRow;
    expect(atVersion(row, 1)).toMatchObject({
      version: 1,
      status: "PENDING",
      deliveredAt: null,
      contentId: null,
      nextAttemptAt: null,
    });
    expect(atVersion(row, 2)).toMatchObject({ status: "QUEUED", nextAttemptAt: 5, deliveredAt: null });
    expect(atVersion(row, 3)).toBe(row);
  });
});

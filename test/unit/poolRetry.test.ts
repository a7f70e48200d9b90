import { Neo4jError } from "neo4j-driver";
import { retryOnceWhenPoolBusy } from "../../src/platform/neo4j/graphAccess";

const poolBusy = () =>
  new Neo4jError("Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 20", "N/A", "", "");

describe("retryOnceWhenPoolBusy", () => {
  it("tries once more when no pooled connection came free (nothing was sent), and answers the second result", async () => {
    const outcomes: (() => Promise<string>)[] = [() => Promise.reject(poolBusy()), async () => "rows"];
    let calls = 0;
    await expect(retryOnceWhenPoolBusy(() => (outcomes[calls++] as () => Promise<string>)())).resolves.toBe("rows");
    expect(calls).toBe(2);
  });

  it("gives up after the second wait: the caller gets the pool error (OVERLOADED once translated)", async () => {
    let calls = 0;
    await expect(retryOnceWhenPoolBusy(() => (calls++, Promise.reject(poolBusy())))).rejects.toThrow(
      /acquisition timed out/,
    );
    expect(calls).toBe(2);
  });

  it("never repeats a statement that reached Neo4j (a statement timeout, a syntax error, an outage)", async () => {
    for (const error of [
      new Neo4jError("timed out", "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "", ""),
      new Neo4jError("bad", "Neo.ClientError.Statement.SyntaxError", "", ""),
      new Neo4jError("refused", "ServiceUnavailable", "", ""),
    ]) {
      let calls = 0;
      await expect(retryOnceWhenPoolBusy(() => (calls++, Promise.reject(error)))).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });
});

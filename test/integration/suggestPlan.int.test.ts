import type { Driver } from "neo4j-driver";
import {
  batchSuggestParams,
  batchSuggestStatement,
  suggestArticlesStatement,
} from "../../src/features/suggestions/suggestStatement";
import { openTestDriver, testConnection } from "../support/neo4j";

type PlanNode = { operatorType: string; children: PlanNode[] };

const WHOLE_GRAPH_OPERATORS = /AllNodesScan|NodeByLabelScan|RelationshipTypeScan|CartesianProduct/;

function operators(plan: PlanNode): string[] {
  return [plan.operatorType, ...plan.children.flatMap(operators)];
}

let driver: Driver;
beforeAll(async () => {
  driver = await openTestDriver();
});
afterAll(() => driver.close());

async function planOf(statement: string, params: Record<string, unknown>): Promise<string[]> {
  const { summary } = await driver.executeQuery(`EXPLAIN ${statement}`, params, {
    database: testConnection().database,
  });
  expect(summary.plan).toBeTruthy();
  return operators(summary.plan as unknown as PlanNode);
}

describe("the suggestion traversal's query plan", () => {
  it("seeks the search term through an index and never scans all nodes or a whole label", async () => {
    const ops = await planOf(suggestArticlesStatement(), {
      query: "voip gateway",
      limit: 5,
      rank: "PRIORITY",
      feedbackWeight: 2,
    });
    expect(ops.join(" ")).toMatch(/NodeUniqueIndexSeek|NodeIndexSeek/);
    expect(ops.filter((op) => WHOLE_GRAPH_OPERATORS.test(op))).toEqual([]);
  });

  it("keeps the same shape when batched for the push mutations", async () => {
    const ops = await planOf(
      batchSuggestStatement(),
      batchSuggestParams([{ key: "0", query: "voip gateway", limit: 5, rank: "PRIORITY" as const }], 2),
    );
    expect(ops.join(" ")).toMatch(/NodeUniqueIndexSeek|NodeIndexSeek/);
    expect(ops.filter((op) => WHOLE_GRAPH_OPERATORS.test(op))).toEqual([]);
  });
});

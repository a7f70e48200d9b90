export { docExamples, graphqlBlocks, type DocExample } from "../../scripts/docBlocks";

/**
 * The docs write what a reader fills in from an earlier answer as a quoted placeholder in angle brackets, e.g.
 * `push(id: "<id your push answered with>")`. Replaces each from `values` (keyed by the words between the brackets);
 * throws on one it does not know.
 */
export function fillPlaceholders(source: string, values: Record<string, string>): string {
  return source.replace(/"<([^">]+)>"/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the placeholder <${name}>`);
    return JSON.stringify(value);
  });
}

import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/** How deep fragments may nest before a selection is treated as not matching (a guard, far above real queries). */
const MAX_DEPTH = 10;

/**
 * True when `test` holds for every field of `set`, looking through inline fragments and fragment spreads (not into
 * the fields' own selections). The one selection walker: callers recurse into a field's selection themselves.
 */
export function everyField(
  set: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  test: (field: FieldNode) => boolean,
  depth = 0,
): boolean {
  if (!set) return true;
  if (depth > MAX_DEPTH) return false;
  return set.selections.every((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return test(selection);
      case Kind.INLINE_FRAGMENT:
        return everyField(selection.selectionSet, info, test, depth + 1);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = info.fragments[selection.name.value];
        return fragment !== undefined && everyField(fragment.selectionSet, info, test, depth + 1);
      }
      default:
        return false;
    }
  });
}

/** True when the field's selection (through fragments) asks for leaf fields only, no nested objects. */
export function selectsScalarsOnly(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) =>
    everyField(node.selectionSet, info, (field) => field.selectionSet === undefined),
  );
}

import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/** True when the field's selection (through fragments) asks for leaf fields only, no nested objects. */
export function selectsScalarsOnly(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) => !node.selectionSet || leavesOnly(node.selectionSet, info, 0));
}

function leavesOnly(set: SelectionSetNode, info: GraphQLResolveInfo, depth: number): boolean {
  if (depth > 10) return false;
  return set.selections.every((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.selectionSet === undefined;
      case Kind.INLINE_FRAGMENT:
        return leavesOnly(selection.selectionSet, info, depth + 1);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = info.fragments[selection.name.value];
        return fragment !== undefined && leavesOnly(fragment.selectionSet, info, depth + 1);
      }
      default:
        return false;
    }
  });
}

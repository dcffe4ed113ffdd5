import { canHangUnder, orgNodeTypeLabels, type OrgNodeType } from '../../shared/orgs/org-node';

type NodeLike = { id: number; path: string; type: string; is_active: boolean };

/** Why a node may not go under a parent, or null when it may. */
export function placementProblem(parent: NodeLike, childType: OrgNodeType): string | null {
  if (!parent.is_active) return 'the parent node is deactivated';
  const parentType = parent.type as OrgNodeType;
  if (!canHangUnder(parentType, childType))
    return `a ${orgNodeTypeLabels[childType]} cannot hang under a ${orgNodeTypeLabels[parentType]}`;
  return null;
}

/** Why a subtree may not move under a new parent, or null when it may. */
export function moveProblem(
  node: NodeLike,
  newParent: NodeLike,
  actorScopePath: string,
): string | null {
  if (node.path === actorScopePath) return 'you cannot move the node you belong to';
  if (newParent.path.startsWith(node.path))
    return 'a node cannot move under itself or its own descendants';
  if (newParent.id === Number(node.path.split('/').filter(Boolean).at(-2)))
    return 'the node is already under that parent';
  return placementProblem(newParent, node.type as OrgNodeType);
}

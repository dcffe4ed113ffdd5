import { inTransaction, type Conn } from '../db/database';
import type { RequestContext } from '../http/context';
import { AppError } from '../../shared/errors';
import type { MemberRelation } from '../../shared/households/dictionaries';
import type { HardshipCategory } from '../../shared/households/policy';
import {
  duplicateKinds,
  type DuplicateDecision,
  type DuplicateGroup,
  type DuplicateKind,
  type DuplicatePage,
  type DuplicateQuery,
  type DuplicateReviewInput,
} from '../../shared/households/duplicates';
import { auditSourceOf, recordAudit } from '../audit/audit.service';
import type { HouseholdDeps } from '../households/households.service';
import type { FieldCipher } from '../privacy/field-cipher';
import * as q from './duplicates.queries';

/** A group before its files are loaded. */
type RawGroup = {
  kind: DuplicateKind;
  keyHash: string;
  description: string;
  /** name_birth: the matching name and birth date. */
  person: { name: string; birthDate: string } | null;
  ids: number[];
  outsideCount: number;
};

/** The key of a name_birth group: a keyed hash, so the list never carries a name in a URL. */
export function nameBirthKey(cipher: FieldCipher, name: string, birthDate: string): string {
  return cipher.hash('name_birth', `${name}|${birthDate}`);
}

async function findRawGroups(
  conn: Conn,
  cipher: FieldCipher,
  scopePath: string,
  kind: DuplicateKind,
): Promise<{ groups: RawGroup[]; isTruncated: boolean }> {
  const rows =
    kind === 'name_birth'
      ? await q.selectNameBirthGroups(conn, scopePath)
      : await q.selectHashGroups(conn, scopePath, kind);
  const groups = rows.slice(0, q.maxGroupsPerKind).map((r): RawGroup => {
    const person = kind === 'name_birth' ? { name: r.name!, birthDate: r.birth_date! } : null;
    return {
      kind,
      keyHash: person ? nameBirthKey(cipher, person.name, person.birthDate) : r.key_hash!,
      description: person ? `${person.name} ${person.birthDate}` : (r.masked ?? ''),
      person,
      ids: r.in_scope_ids.map(Number).sort((a, b) => a - b),
      outsideCount: r.outside_count,
    };
  });
  return { groups, isTruncated: rows.length > q.maxGroupsPerKind };
}

/**
 * A decision stands for this viewer while every file of the group they see
 * was among the files decided on: a file that joined later, or one the
 * reviewer could not see, puts the group back on the list.
 */
function decisionInForce(group: RawGroup, review: q.ReviewRow | undefined) {
  if (!review) return undefined;
  const decided = new Set(review.household_ids.map(Number));
  return group.ids.every((id) => decided.has(id)) ? review : undefined;
}

/**
 * Likely duplicates among the active files in the caller's scope: groups of
 * at least two files there that share a name and birth date, a phone or a
 * bank account. Decided groups are left out unless `include=decided`.
 */
export async function findDuplicateGroups(
  deps: HouseholdDeps,
  ctx: RequestContext,
  query: DuplicateQuery,
): Promise<DuplicatePage> {
  const scopePath = ctx.actor.scopePath;
  const counts = { name_birth: 0, phone: 0, bank_account: 0 } satisfies Record<
    DuplicateKind,
    number
  >;
  let isTruncated = false;
  const listed: { group: RawGroup; review: q.ReviewRow | undefined }[] = [];
  for (const kind of duplicateKinds) {
    const found = await findRawGroups(deps.db, deps.cipher, scopePath, kind);
    isTruncated ||= found.isTruncated;
    const reviews = await q.selectReviews(deps.db, found.groups);
    const reviewOf = new Map(
      reviews.filter((r) => r.kind === kind).map((r) => [r.key_hash, r] as const),
    );
    for (const group of found.groups) {
      const review = decisionInForce(group, reviewOf.get(group.keyHash));
      if (review && query.include !== 'decided') continue;
      counts[kind] += 1;
      if (!query.kind || query.kind === kind) listed.push({ group, review });
    }
  }
  const page = listed.slice(query.offset, query.offset + query.limit);
  const ids = [...new Set(page.flatMap((p) => p.group.ids))];
  const files = new Map((await q.selectFiles(deps.db, scopePath, ids)).map((f) => [f.id, f]));
  const hasPeople = page.some((p) => p.group.person);
  const members = hasPeople ? await q.selectMatchedMembers(deps.db, scopePath, ids) : [];
  return {
    items: page.map(({ group, review }) => presentGroup(group, review, files, members)),
    total: listed.length,
    counts,
    isTruncated,
  };
}

function presentGroup(
  group: RawGroup,
  review: q.ReviewRow | undefined,
  files: Map<number, q.FileRow>,
  members: q.MatchedMemberRow[],
): DuplicateGroup {
  return {
    kind: group.kind,
    keyHash: group.keyHash,
    description: group.description,
    files: group.ids
      .map((id) => files.get(id))
      .filter((f): f is q.FileRow => f !== undefined)
      .map((f) => {
        const person = group.person;
        const match = person
          ? members.find(
              (m) =>
                m.household_id === f.id &&
                m.name === person.name &&
                m.birth_date === person.birthDate,
            )
          : undefined;
        return {
          id: f.id,
          headName: f.head_name,
          headIdNumberMasked: f.head_id_number_masked,
          nodeId: f.node_id,
          nodeName: f.node_name,
          category: f.category as HardshipCategory | null,
          updatedAt: new Date(f.updated_at).toISOString(),
          matchedMember: match
            ? { name: match.name, relation: match.relation as MemberRelation }
            : null,
        };
      }),
    outsideCount: group.outsideCount,
    review: review
      ? {
          decision: review.decision as DuplicateDecision,
          note: review.note,
          decidedBy: review.decided_by_name,
          decidedAt: new Date(review.decided_at).toISOString(),
        }
      : null,
  };
}

/**
 * Records a decision on a group (忽略 / 确认重复); the caller must see at least
 * two of its files, else NOT_FOUND. A later decision replaces the earlier one.
 * A confirmed duplicate is resolved by editing or exiting one of the files.
 */
export async function reviewDuplicateGroup(
  deps: HouseholdDeps,
  ctx: RequestContext,
  input: DuplicateReviewInput,
): Promise<DuplicateGroup> {
  return inTransaction(deps.db, async (trx) => {
    const { groups } = await findRawGroups(trx, deps.cipher, ctx.actor.scopePath, input.kind);
    const group = groups.find((g) => g.keyHash === input.keyHash);
    if (!group)
      throw new AppError('NOT_FOUND', `no likely-duplicate group ${input.kind} ${input.keyHash}`);
    const previous = (await q.selectReviews(trx, [group])).find((r) => r.kind === input.kind);
    const id = await q.upsertReview(trx, {
      kind: input.kind,
      key_hash: input.keyHash,
      decision: input.decision,
      note: input.note,
      decided_by: ctx.actor.userId,
      household_ids: group.ids,
    });
    await recordAudit(trx, auditSourceOf(ctx), {
      action: 'duplicate.reviewed',
      details: { kind: input.kind, decision: input.decision, householdIds: group.ids },
      entityType: 'duplicate_review',
      entityId: id,
      nodeId: ctx.actor.nodeId,
      before: previous ? { decision: previous.decision, note: previous.note } : null,
      after: { decision: input.decision, note: input.note },
    });
    const saved = (await q.selectReviews(trx, [group])).find((r) => r.kind === input.kind);
    const files = new Map(
      (await q.selectFiles(trx, ctx.actor.scopePath, group.ids)).map((f) => [f.id, f]),
    );
    const members = group.person
      ? await q.selectMatchedMembers(trx, ctx.actor.scopePath, group.ids)
      : [];
    return presentGroup(group, saved, files, members);
  });
}

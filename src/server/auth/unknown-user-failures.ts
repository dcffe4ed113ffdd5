import type { Db } from '../db/database';

/**
 * Failed logins under user names that do not exist, counted like a real
 * account's failures so that the answer (attempts left, then a lock) does not
 * tell whether a name exists. Kept in memory per database, bounded: a real
 * account's count lives in `users`; a name that does not exist has no row to
 * keep it in, and a restart forgetting it discloses nothing.
 */
type Entry = { count: number; lockedUntil: number | null };

const maxNames = 10_000;
const perDatabase = new WeakMap<Db, Map<string, Entry>>();

function entriesOf(db: Db): Map<string, Entry> {
  let entries = perDatabase.get(db);
  if (!entries) {
    entries = new Map();
    perDatabase.set(db, entries);
  }
  return entries;
}

/**
 * Records one failure for a name that does not exist and answers what a real
 * account would: the attempts left, or the lock once they are used up.
 */
export function failUnknownUser(
  db: Db,
  username: string,
  policy: { loginMaxFailures: number; loginLockMs: number },
  now = Date.now(),
): { lockedUntil: Date | null; remaining: number } {
  const entries = entriesOf(db);
  const key = username.toLowerCase();
  const entry = entries.get(key) ?? { count: 0, lockedUntil: null };
  entries.delete(key); // re-inserted below: the map's order is least recently failed first
  if (entry.lockedUntil !== null && entry.lockedUntil > now) {
    entries.set(key, entry);
    return { lockedUntil: new Date(entry.lockedUntil), remaining: 0 };
  }
  if (entry.lockedUntil !== null) entry.lockedUntil = null;
  entry.count += 1;
  if (entry.count >= policy.loginMaxFailures) {
    entry.count = 0;
    entry.lockedUntil = now + policy.loginLockMs;
  }
  entries.set(key, entry);
  if (entries.size > maxNames) entries.delete(entries.keys().next().value!);
  return entry.lockedUntil !== null
    ? { lockedUntil: new Date(entry.lockedUntil), remaining: 0 }
    : { lockedUntil: null, remaining: policy.loginMaxFailures - entry.count };
}

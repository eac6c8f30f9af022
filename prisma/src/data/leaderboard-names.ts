// Names on a course's leaderboards. A learner appears under their account's display name, or under
// a name they choose for the course. Chosen names are compared by a key that ignores case, accents,
// compatibility forms (full-width letters), spaces and punctuation, so "Ada L." cannot pass for
// "ada l" or "ＡＤＡ Ｌ"; a chosen name must not match another member's chosen name or account name.
// Names shown on a board are unique: when two account names collide (or one collides with a name
// someone chose), the later member's gets a " (2)"-style suffix, which chosen names cannot contain.
import { DbError } from './errors';

export const BOARD_NAME_MIN = 2;
export const BOARD_NAME_MAX = 32;

/** Letters, combining marks, digits, spaces and . _ ' - : nothing that could imitate the " (n)" suffix or break a line. */
const ALLOWED = /^[\p{L}\p{M}\p{N} ._'-]+$/u;

/** The comparison key of a name (shown or chosen). */
export function boardNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** A chosen name, tidied (spaces collapsed, NFC) with its key; INVALID with a sentence for the learner otherwise. */
export function parseBoardName(input: string): { name: string; key: string } {
  const name = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name.length < BOARD_NAME_MIN || name.length > BOARD_NAME_MAX) {
    throw new DbError('INVALID', `name: a leaderboard name has ${BOARD_NAME_MIN} to ${BOARD_NAME_MAX} characters.`);
  }
  if (!ALLOWED.test(name)) {
    throw new DbError('INVALID', "name: use letters, digits, spaces and . _ ' - only.");
  }
  const key = boardNameKey(name);
  if (key.length < BOARD_NAME_MIN) throw new DbError('INVALID', `name: a leaderboard name needs at least ${BOARD_NAME_MIN} letters or digits.`);
  return { name, key };
}

export interface NamedMember {
  userId: string;
  /** The account's display name. */
  accountName: string;
  /** The name chosen for this course, if any (unique in the course by key). */
  chosenName: string | null;
  joinedAt: Date;
}

/**
 * The name each member has on the course's boards, unique by key. Chosen names are kept as they are
 * (their keys are unique and were checked against every account name when chosen); account names go
 * in order of joining, and one whose key is already taken gets the first free " (n)" suffix.
 */
export function resolveBoardNames(members: readonly NamedMember[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const m of members) {
    if (m.chosenName !== null) {
      out.set(m.userId, m.chosenName);
      taken.add(boardNameKey(m.chosenName));
    }
  }
  const byJoining = members
    .filter((m) => m.chosenName === null)
    .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  for (const m of byJoining) {
    let name = m.accountName;
    for (let n = 2; taken.has(boardNameKey(name)); n++) name = `${m.accountName} (${n})`;
    out.set(m.userId, name);
    taken.add(boardNameKey(name));
  }
  return out;
}

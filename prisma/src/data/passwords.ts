// Password hashing with Node's scrypt (memory-hard, no native addon to build). Every hash carries
// its own parameters (`scrypt$N$r$p$salt$hash`), so the cost can be raised later without locking
// anyone out: old hashes still verify, and sign-in re-hashes them with the current parameters.
import crypto from 'node:crypto';

const KEY_LEN = 32;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Current cost: N = 2^17, r = 8 (128 MiB and roughly a few hundred ms per check, by design). */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** What the first hashes (`scrypt$salt$hash`, no parameters in them) were made with. */
const LEGACY_PARAMS: ScryptParams = { N: 16_384, r: 8, p: 1 };

// Refuse parameters outside these bounds rather than let a damaged row ask for gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs about 128·N·r·p bytes; Node refuses anything above maxmem (default 32 MiB), and
  // N = 2^17, r = 8 needs exactly 128 MiB, so leave headroom.
  const maxmem = 2 * 128 * params.N * params.r * params.p;
  return new Promise((resolve, reject) =>
    crypto.scrypt(password, salt, KEY_LEN, { ...params, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return null;
  let params: ScryptParams;
  let saltB64: string | undefined;
  let hashB64: string | undefined;
  if (parts.length === 3) {
    params = LEGACY_PARAMS;
    [, saltB64, hashB64] = parts;
  } else if (parts.length === 6) {
    const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x!) ? Number(x) : NaN)) as [number, number, number];
    if (!isPowerOfTwo(N) || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return null;
    params = { N, r, p };
    [, , , , saltB64, hashB64] = parts;
  } else {
    return null;
  }
  if (!saltB64 || !hashB64) return null;
  const hash = Buffer.from(hashB64, 'base64');
  if (hash.length === 0) return null;
  return { params, salt: Buffer.from(saltB64, 'base64'), hash };
}

/** Returns `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>` with the current parameters. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { N, r, p } = SCRYPT_PARAMS;
  const key = await scrypt(password, salt, SCRYPT_PARAMS);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Checks a password against a stored hash of either format; an unreadable hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password, parsed.salt, parsed.params);
  return parsed.hash.length === actual.length && crypto.timingSafeEqual(parsed.hash, actual);
}

/** True when the hash was made with weaker parameters than today's (or in the old format). */
export function passwordNeedsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false; // nothing verifies against it anyway
  const { N, r, p } = parsed.params;
  return N < SCRYPT_PARAMS.N || r < SCRYPT_PARAMS.r || p < SCRYPT_PARAMS.p || stored.split('$').length !== 6;
}

/**
 * A well-formed hash of a random password with today's parameters: checking against it costs what a
 * real check costs, so an unknown email answers as slowly as a wrong password.
 */
export const DUMMY_PASSWORD_HASH = `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LEN).toString('base64')}`;

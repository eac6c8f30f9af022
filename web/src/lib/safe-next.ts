// Where to go after signing in: only same-site paths, so `?next=` cannot become an open redirect.
// The check runs on the *normalised* path, the one we return: dot segments can collapse a harmless
// looking input into a scheme-relative URL (`/..//evil.example/x` normalises to `//evil.example/x`,
// which a browser reads as another host), so checking only the raw string is not enough.
const BASE = 'http://x.invalid';

export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || next.length > 2_000) return fallback;
  if (!next.startsWith('/')) return fallback;
  // Browsers treat `\` like `/` in http URLs, and control characters are stripped or re-read.
  if (next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== BASE) return fallback;
  const path = resolved.pathname;
  // Exactly one leading slash: `//host` and `/\host` are other sites once a browser reads them.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  const out = `${path}${resolved.search}${resolved.hash}`;
  if (out.includes('\\') || /[\u0000-\u001f\u007f]/.test(out)) return fallback;
  return out;
}

export function signInPath(next: string): string {
  return `/signin?next=${encodeURIComponent(safeNextPath(next))}`;
}

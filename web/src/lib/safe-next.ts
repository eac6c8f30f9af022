// Where to go after signing in: only same-site paths, so `?next=` cannot become an open redirect.
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || next.length > 2_000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const resolved = new URL(next, 'http://tyinglab.invalid');
    if (resolved.origin !== 'http://tyinglab.invalid') return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}

export function signInPath(next: string): string {
  return `/signin?next=${encodeURIComponent(safeNextPath(next))}`;
}

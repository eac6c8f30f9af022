// The Content-Security-Policy of every page (set by src/proxy.ts with a fresh nonce per request).
//   script-src: only scripts carrying this response's nonce (Next.js puts it on its own inline and
//     bundle scripts), and, through 'strict-dynamic', what those scripts load: Next's chunks and
//     Monaco's AMD loader, which inserts /monaco/vs/*.js as script elements. No inline handlers,
//     no injected markup scripts, no eval (React needs eval only in development).
//   style-src 'unsafe-inline': Monaco creates <style> elements and style attributes at run time and
//     KaTeX positions glyphs with style attributes; neither can carry a nonce (and a nonce in
//     style-src would switch 'unsafe-inline' off).
//   worker-src blob:: Monaco starts its workers from blob: URLs (they importScripts from /monaco/).
//     The check worker (/check-worker/) is same-origin and gets its own policy with its response
//     (next.config.ts): it needs 'unsafe-eval' to run the learner's code and 'wasm-unsafe-eval'
//     for TensorFlow.js's wasm backend, which pages themselves never get.
export function documentCsp(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// Learner-controlled text (compiler and runtime error messages that come back from the sandbox)
// passes through here before a learner sees it. The sandbox is untrusted: a submission can put
// anything in an error message, including the hidden inputs it was handed. So the message is cut
// to one short line, control characters are dropped, and anything that looks like data — decimal
// numbers with a fractional part, long digit runs, long lists of numbers — is replaced by "…".
// Honest messages keep what makes them useful: names, shapes like [2,8,8,3], line numbers.
const MAX_LEN = 300;

export function sanitizeLearnerText(text: string, maxLen = MAX_LEN): string {
  let t = (text.split('\n')[0] ?? '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/-?\d*\.\d+(?:e[-+]?\d+)?/gi, '…') // 0.4213, .5, 1.2e-3
    .replace(/\d{7,}/g, '…') // long digit runs (encoded data)
    .replace(/(?:…[\s,;]*){4,}/g, '…'); // runs of redacted values collapse to one
  // Long runs of integers separated by commas are data, not shapes (shapes have rank ≤ 6).
  t = t.replace(/(?:-?\d+\s*,\s*){8,}-?\d+/g, '…');
  return t.length > maxLen ? `${t.slice(0, maxLen - 1)}…` : t;
}

// What a throttled sign-in tells the person: the API's 429 message and the sign-in page's notice
// say the same thing, rounded to something a person can act on.

/** "30 seconds", "1 minute", "15 minutes": waits are rounded up, never down. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export function tooManySignInsMessage(retryAfterSeconds: number): string {
  return `Too many sign-in attempts. For your account's safety, try again in ${waitText(retryAfterSeconds)}.`;
}

'use client';
// "2 days 3 hours left", kept current. Rendered only after mounting: the server's clock and the
// reader's may disagree, and a countdown that changes during hydration would not match.
import { useEffect, useState } from 'react';
import { timeLeftText, type WindowDates } from '@/lib/assignment-text';

export function TimeLeft(props: WindowDates) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="time-left">{now === null ? '' : timeLeftText(props, now)}</span>;
}

'use client';
// A timestamp in the reader's own time zone. The server render (and the first client render, so
// hydration matches) uses UTC; after mounting, the browser's locale and zone take over.
import { useEffect, useState } from 'react';
import { formatDateTime } from '@/lib/format';

export function LocalTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  return (
    <time dateTime={iso} title={iso}>
      {local ? formatDateTime(iso, undefined, undefined, seconds) : formatDateTime(iso, 'en-GB', 'UTC', seconds) + ' UTC'}
    </time>
  );
}

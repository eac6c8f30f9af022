'use client';
// Saves the editor's text to the learner's draft on the server (PUT /api/drafts/<slug>) a moment
// after they stop typing, and says where that stands: "Saved", "Saving…", "Unsaved changes", or a
// problem. The timing rules are lib/draft-saver.ts's. Leaving the page with text the server does not
// hold asks the browser to warn, and tries one last save on the way out. When the window comes back
// into focus with everything saved, a newer draft saved meanwhile on another device is taken over.
import { useCallback, useEffect, useRef, useState } from 'react';
import { DraftSaver, type DraftSaveState, type SaveOutcome } from '@/lib/draft-saver';
import type { DraftJson } from '@/lib/wire';

export interface UseDraftOptions {
  exerciseSlug: string;
  code: string;
  /** Off for visitors who are not signed in: nothing to save to. */
  enabled: boolean;
  /** The text the server holds for this editor when the page loads (its draft, or a submission's code). */
  serverText: string;
  /** When that text was saved (the draft's time, or the submission's); null for the starter. */
  serverTextAt: string | null;
  /** A newer draft from another device should replace the editor's text. */
  onRemoteDraft: (code: string) => void;
}

export function draftUrl(exerciseSlug: string): string {
  return `/api/drafts/${encodeURIComponent(exerciseSlug)}`;
}

async function putDraft(url: string, code: string): Promise<SaveOutcome> {
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await res.json().catch(() => null)) as { updatedAt?: string; error?: { message?: string } } | null;
  if (res.ok && body?.updatedAt) return { ok: true, updatedAt: body.updatedAt };
  const message = body?.error?.message ?? `The draft could not be saved (HTTP ${res.status}).`;
  // Too large, or signed out: saving again will not help until something changes.
  return { ok: false, retry: res.status !== 413 && res.status !== 401 && res.status !== 400, message };
}

export function useDraft({ exerciseSlug, code, enabled, serverText, serverTextAt, onRemoteDraft }: UseDraftOptions) {
  const [status, setStatus] = useState<{ state: DraftSaveState; problem: string | null }>({ state: 'saved', problem: null });
  const saver = useRef<DraftSaver | null>(null);
  // Only a draft saved after this moment is news from another device.
  const knownUpdatedAt = useRef(serverTextAt);
  const remoteRef = useRef(onRemoteDraft);
  remoteRef.current = onRemoteDraft;
  const latestCode = useRef(code);
  latestCode.current = code;
  const url = draftUrl(exerciseSlug);

  useEffect(() => {
    if (!enabled) return;
    const s = new DraftSaver(serverText, {
      save: (text) => putDraft(url, text),
      onState: (state, problem) => setStatus({ state, problem }),
      onSaved: (_text, updatedAt) => {
        knownUpdatedAt.current = updatedAt;
      },
    });
    saver.current = s;
    return () => {
      s.dispose();
      if (saver.current === s) saver.current = null;
    };
    // One saver per exercise page; the text it starts from is the page's initial one.
  }, [enabled, url]);

  useEffect(() => {
    saver.current?.change(code);
  }, [code]);

  useEffect(() => {
    if (!enabled) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!saver.current?.pending) return;
      e.preventDefault();
      // Older browsers need returnValue set to show their own "leave page?" prompt.
      e.returnValue = '';
    };
    const pageHide = () => {
      const s = saver.current;
      if (!s?.pending) return;
      // Best effort while the page goes away: keepalive lets the request outlive it.
      try {
        void fetch(url, { method: 'PUT', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: latestCode.current }) });
      } catch {
        // too large for keepalive, or the page is already gone: the warning above was the net
      }
    };
    const focus = async () => {
      const s = saver.current;
      if (!s || s.pending || s.current.state !== 'saved') return;
      try {
        const res = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
        if (!res.ok) return;
        const { draft } = (await res.json()) as { draft: DraftJson | null };
        if (!draft || saver.current !== s || s.pending) return;
        if (knownUpdatedAt.current !== null && draft.updatedAt <= knownUpdatedAt.current) return;
        knownUpdatedAt.current = draft.updatedAt;
        if (draft.code === latestCode.current) return;
        s.adopt(draft.code);
        remoteRef.current(draft.code);
      } catch {
        // offline: keep what is here
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('pagehide', pageHide);
    window.addEventListener('focus', focus);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('pagehide', pageHide);
      window.removeEventListener('focus', focus);
    };
  }, [enabled, url]);

  const flush = useCallback(() => saver.current?.flush() ?? Promise.resolve(), []);
  return { ...status, enabled, flush };
}

export const DRAFT_STATE_LABELS: Record<DraftSaveState, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Unsaved changes',
  error: 'Not saved',
};

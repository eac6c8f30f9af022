// When to save the learner's draft and what to tell them about it, without React or the network
// (both are passed in), so the rules are tested on their own:
//   - a change is saved once typing pauses for `debounceMs`, never more than one request at a time;
//   - a change made while a save is in flight is saved right after it;
//   - a failed save is retried after `retryMs` while the failure is worth retrying (not a 413);
//   - the state is "saved" only when the server holds exactly the text in the editor.

export type DraftSaveState = 'saved' | 'saving' | 'unsaved' | 'error';

export type SaveOutcome = { ok: true; updatedAt: string } | { ok: false; retry: boolean; message: string };

export interface DraftSaverOptions {
  save: (code: string) => Promise<SaveOutcome>;
  onState: (state: DraftSaveState, problem: string | null) => void;
  /** A save confirmed by the server (its time orders it against saves from other devices). */
  onSaved?: (code: string, updatedAt: string) => void;
  debounceMs?: number;
  retryMs?: number;
}

export const DRAFT_DEBOUNCE_MS = 800;
export const DRAFT_RETRY_MS = 5_000;

export class DraftSaver {
  private saved: string;
  private latest: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private state: DraftSaveState = 'saved';
  private problem: string | null = null;
  private stopped = false;
  private readonly debounceMs: number;
  private readonly retryMs: number;

  /** `serverText`: what the server already holds for this editor (nothing to save until it changes). */
  constructor(
    serverText: string,
    private readonly options: DraftSaverOptions,
  ) {
    this.saved = serverText;
    this.latest = serverText;
    this.debounceMs = options.debounceMs ?? DRAFT_DEBOUNCE_MS;
    this.retryMs = options.retryMs ?? DRAFT_RETRY_MS;
  }

  /** The editor's text changed. */
  change(code: string): void {
    if (this.stopped) return;
    this.latest = code;
    if (this.inFlight) return; // saved (or not) when the request in flight returns
    if (code === this.saved) {
      this.cancelTimer();
      this.set('saved', null);
      return;
    }
    // A refused (too large) text stays refused until it changes; then try again.
    this.set('unsaved', null);
    this.schedule(this.debounceMs);
  }

  /** The server now holds `code` (loaded from another device): nothing to save. */
  adopt(code: string): void {
    this.saved = code;
    this.change(code);
  }

  /** Text the server does not hold yet. */
  get pending(): boolean {
    return this.latest !== this.saved;
  }

  get current(): { state: DraftSaveState; problem: string | null } {
    return { state: this.state, problem: this.problem };
  }

  /** Saves now instead of after the pause (leaving the page); resolves when nothing is in flight. */
  async flush(): Promise<void> {
    this.cancelTimer();
    if (this.inFlight) await this.inFlight;
    if (this.pending && !this.stopped) await this.send();
  }

  dispose(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private send(): Promise<void> {
    if (this.inFlight || this.stopped || !this.pending) return this.inFlight ?? Promise.resolve();
    const code = this.latest;
    this.set('saving', null);
    const run = async () => {
      let outcome: SaveOutcome;
      try {
        outcome = await this.options.save(code);
      } catch {
        outcome = { ok: false, retry: true, message: 'Could not reach the server.' };
      }
      this.inFlight = null;
      if (this.stopped) return;
      if (outcome.ok) {
        this.saved = code;
        this.options.onSaved?.(code, outcome.updatedAt);
        if (this.pending) {
          this.set('unsaved', null);
          this.schedule(this.debounceMs);
        } else {
          this.set('saved', null);
        }
        return;
      }
      this.set('error', outcome.message);
      if (outcome.retry) this.schedule(this.retryMs);
    };
    this.inFlight = run();
    return this.inFlight;
  }

  private set(state: DraftSaveState, problem: string | null): void {
    if (state === this.state && problem === this.problem) return;
    this.state = state;
    this.problem = problem;
    this.options.onState(state, problem);
  }
}

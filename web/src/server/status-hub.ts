// Live submission status for every viewer in this process from ONE poller per submission.
// Before, each open event stream read the database every tick on its own (a query and a count over
// the whole queue), so 200 streams of one learner meant 800 queries a second and an unresponsive
// site. Now viewers of one submission share a poller (one load, so one queue count, per tick), and
// each user and each submission may hold only a few streams; more are refused with 429.
// The caps are per process: several site processes each apply them.
import 'server-only';
import { env } from '../env';
import { AppError } from './app-error';

export type HubEvent<T> =
  /** A new state (the first one, then each change); `json` is shared by every viewer. */
  | { type: 'status'; value: T; json: string; seq: number }
  /** The thing watched no longer exists (or is no longer visible). */
  | { type: 'gone' }
  /** Loading failed; the viewer falls back to polling. */
  | { type: 'failed' }
  /** A terminal state was sent: nothing more will come. */
  | { type: 'end' };

export interface HubOptions {
  intervalMs: number;
  maxPerUser: number;
  maxPerKey: number;
  /** Injected by tests to step ticks by hand; defaults to a timer that wakes early when told to stop. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** What a refused viewer reads (default: the submission streams' wording). */
  refusals?: { perUser: (open: number) => string; perKey: string };
}

const SUBMISSION_REFUSALS: NonNullable<HubOptions['refusals']> = {
  perUser: (open) => `You already have ${open} live result views open; close some tabs (results also update without them).`,
  perKey: 'Too many live views of this submission are open; its results still update by polling.',
};

export interface WatchRequest<T> {
  /** What is watched (the submission id). */
  key: string;
  /** Who watches, for the per-user cap. */
  userId: string;
  /** Reads the current state; used only if this request starts the poller. Null = gone. */
  load: () => Promise<T | null>;
  isTerminal: (value: T) => boolean;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One viewer's place at a poller. Events that arrive before `listen` are kept for it. */
export class StatusSubscription<T> {
  private queue: HubEvent<T>[] = [];
  private listener: ((event: HubEvent<T>) => void) | null = null;
  private closed = false;

  constructor(
    readonly key: string,
    readonly userId: string,
    private readonly release: (sub: StatusSubscription<T>) => void,
  ) {}

  /** @internal called by the poller */
  deliver(event: HubEvent<T>): void {
    if (this.closed) return;
    if (this.listener) this.listener(event);
    else this.queue.push(event);
  }

  listen(listener: (event: HubEvent<T>) => void): void {
    this.listener = listener;
    for (const event of this.queue.splice(0)) if (!this.closed) listener(event);
  }

  /** Leaves the poller (idempotent); the poller stops when its last viewer has left. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener = null;
    this.queue = [];
    this.release(this);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

class Poller<T> {
  readonly subscribers = new Set<StatusSubscription<T>>();
  private last: Extract<HubEvent<T>, { type: 'status' }> | null = null;
  private readonly stop = new AbortController();
  finished = false;

  constructor(
    private readonly hub: StatusHub<T>,
    readonly key: string,
    private readonly request: WatchRequest<T>,
  ) {}

  add(sub: StatusSubscription<T>): void {
    this.subscribers.add(sub);
    // A viewer joining a running poller sees the current state at once, not a tick later.
    if (this.last) sub.deliver(this.last);
  }

  remove(sub: StatusSubscription<T>): void {
    this.subscribers.delete(sub);
    if (this.subscribers.size === 0) this.stop.abort();
  }

  private broadcast(event: HubEvent<T>): void {
    for (const sub of [...this.subscribers]) sub.deliver(event);
  }

  /** Ends this poller: later viewers of the key start a fresh one. */
  private finish(): void {
    this.finished = true;
    this.hub.forget(this);
  }

  async run(): Promise<void> {
    try {
      while (this.subscribers.size > 0) {
        this.hub.loads += 1;
        const value = await this.request.load();
        if (this.subscribers.size === 0) break;
        if (value === null) {
          this.finish();
          this.broadcast({ type: 'gone' });
          return;
        }
        const json = JSON.stringify(value);
        const terminal = this.request.isTerminal(value);
        if (terminal) this.finish();
        if (json !== this.last?.json) {
          this.last = { type: 'status', value, json, seq: (this.last?.seq ?? 0) + 1 };
          this.broadcast(this.last);
        }
        if (terminal) {
          this.broadcast({ type: 'end' });
          return;
        }
        await this.hub.sleep(this.hub.intervalMs, this.stop.signal);
      }
    } catch (err) {
      console.error('[web] status poller failed:', err);
      if (!this.finished) this.finish();
      this.broadcast({ type: 'failed' });
      return;
    }
    if (!this.finished) this.finish();
  }
}

export class StatusHub<T> {
  private readonly pollers = new Map<string, Poller<T>>();
  private readonly perUser = new Map<string, number>();
  /** Which poller each open subscription sits at. */
  private readonly owners = new WeakMap<StatusSubscription<T>, Poller<T>>();
  /** Loads performed by all pollers together (one per poller per tick): what the database sees. */
  loads = 0;
  readonly intervalMs: number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: HubOptions) {
    this.intervalMs = options.intervalMs;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /**
   * A place at the poller of `request.key` (started if none runs). Refused with RATE_LIMITED when
   * the user or the key already has as many streams as allowed; nothing is reserved then.
   */
  subscribe(request: WatchRequest<T>): StatusSubscription<T> {
    const mine = this.perUser.get(request.userId) ?? 0;
    const refusals = this.options.refusals ?? SUBMISSION_REFUSALS;
    if (mine >= this.options.maxPerUser) {
      throw new AppError('RATE_LIMITED', refusals.perUser(mine), { retryAfterSeconds: 10 });
    }
    let poller = this.pollers.get(request.key);
    if (poller && poller.subscribers.size >= this.options.maxPerKey) {
      throw new AppError('RATE_LIMITED', refusals.perKey, { retryAfterSeconds: 10 });
    }
    const sub = new StatusSubscription<T>(request.key, request.userId, (s) => this.release(s));
    this.perUser.set(request.userId, mine + 1);
    const fresh = !poller;
    if (!poller) {
      poller = new Poller(this, request.key, request);
      this.pollers.set(request.key, poller);
    }
    poller.add(sub);
    this.owners.set(sub, poller);
    if (fresh) void poller.run();
    return sub;
  }

  /** @internal the poller is done; a new viewer of its key starts another. */
  forget(poller: Poller<T>): void {
    if (this.pollers.get(poller.key) === poller) this.pollers.delete(poller.key);
  }

  private release(sub: StatusSubscription<T>): void {
    const n = (this.perUser.get(sub.userId) ?? 1) - 1;
    if (n <= 0) this.perUser.delete(sub.userId);
    else this.perUser.set(sub.userId, n);
    this.owners.get(sub)?.remove(sub);
    this.owners.delete(sub);
  }

  /** Open streams and running pollers, for tests and diagnostics. */
  stats(): { pollers: number; subscribers: number; loads: number } {
    let subscribers = 0;
    for (const p of this.pollers.values()) subscribers += p.subscribers.size;
    return { pollers: this.pollers.size, subscribers, loads: this.loads };
  }
}

const holder = globalThis as unknown as { __tyingLabStatusHub?: StatusHub<unknown> };

/** This process's hub for submission status streams (one per process; survives dev reloads). */
export function submissionStatusHub<T>(): StatusHub<T> {
  holder.__tyingLabStatusHub ??= new StatusHub<unknown>({
    intervalMs: env.TL_SSE_POLL_MS,
    maxPerUser: env.TL_SSE_MAX_PER_USER,
    maxPerKey: env.TL_SSE_MAX_PER_SUBMISSION,
  });
  return holder.__tyingLabStatusHub as StatusHub<T>;
}

/**
 * Bounds the password hashing a server does at once (issue 6 §4: 60 concurrent bad sign-ins stalled the
 * claim form). At most MAX_RUNNING checks run on the thread pool; up to MAX_QUEUED more wait their turn;
 * beyond that the caller is told to try again at once, so a flood costs queue slots, not CPU or
 * database connections. Per process: the database-backed throttles (lib/auth/authenticate.ts) are
 * what bound the work across processes.
 */
export const MAX_RUNNING = 2;
export const MAX_QUEUED = 32;

export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly maxRunning = MAX_RUNNING,
    readonly maxQueued = MAX_QUEUED,
  ) {}

  /** Runs `work` when a slot is free, or returns 'busy' straight away when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T | 'busy'> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxQueued) return 'busy';
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get load() {
    return { running: this.running, queued: this.waiting.length };
  }
}

/** The one gate of this server process. */
export const hashGate = new HashGate();

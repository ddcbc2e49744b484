// When to reconnect after the connection dropped: exponential back-off with jitter, so that after
// a server restart thousands of pages do not all come back in the same moment, and at once when
// the browser says the network is back (its `online` event) or the page is shown again.

export const BACKOFF = Object.freeze({ initialMs: 1000, maxMs: 10000 });

/**
 * The wait before reconnect attempt `attempt` (0 = the first after a drop): a random time between
 * half and all of min(maxMs, initialMs * 2^attempt). 0.5-1 s, 1-2 s, 2-4 s, 4-8 s, then 5-10 s.
 */
export function reconnectDelay(attempt, { initialMs = BACKOFF.initialMs, maxMs = BACKOFF.maxMs, random = Math.random } = {}) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Schedules one reconnect at a time; `connect` is called when it is due. */
export class Reconnector {
  constructor({
    connect, delay = reconnectDelay, clock = Date.now,
    // Wrapped: browsers refuse setTimeout called as a method of another object ("Illegal invocation").
    setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id),
  }) {
    this.connect = connect;
    this.delay = delay;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.clock = clock;
    this.attempt = 0;
    this.soon = false;
    this.timer = null;
    /** When the scheduled attempt is due (ms since the epoch), or null. */
    this.dueAt = null;
    /** The wait chosen for the scheduled attempt, or null. */
    this.pendingDelay = null;
  }

  /** The connection dropped or an attempt failed: try again after the next back-off. */
  schedule() {
    this.cancel();
    const wait = this.soon ? 0 : this.delay(this.attempt++);
    this.soon = false;
    this.pendingDelay = wait;
    this.dueAt = this.clock() + wait;
    this.timer = this.setTimer(() => this.fire(), wait);
    return wait;
  }

  /**
   * Reconnect now, if a reconnect is waiting (the network is back); if this attempt fails too, the
   * back-off carries on where it was.
   */
  connectNow() {
    if (this.timer === null) {
      this.soon = true; // an attempt is under way: if it fails, the next one starts at once
      return false;
    }
    this.fire();
    return true;
  }

  /** Connected: the next drop starts the back-off from the beginning. */
  connected() {
    this.cancel();
    this.attempt = 0;
    this.soon = false;
  }

  cancel() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.dueAt = null;
    this.pendingDelay = null;
  }

  fire() {
    this.cancel();
    this.connect();
  }
}

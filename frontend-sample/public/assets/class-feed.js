// One class's events in seq order, each once. The subscription carries `after-seq: lastSeq` on
// every (re)subscribe, so the server replays what was missed before the live events; this keeps
// lastSeq, drops what it already has, and handles a RESYNC (too far behind: reload the roster).

const RETRY_AFTER_FAILED_RESYNC_MS = 2000;

export class ClassFeed {
  /**
   * @param fromSeq         the seq the snapshot (the roster) includes
   * @param onEvent         called with each new event, in seq order
   * @param onResync        called with the class's latest seq after a RESYNC; reloads the roster and
   *                        resolves to the seq it includes (or null when the view started over instead)
   * @param onGap           called when an event arrives ahead of a missing one: re-subscribe (with
   *                        after-seq) so the server sends what is missing
   * @param onResyncChange  called with true while a RESYNC's roster reload runs, then false
   */
  constructor({ fromSeq = 0, onEvent, onResync = async () => null, onGap = () => {}, onResyncChange = () => {}, retryMs = RETRY_AFTER_FAILED_RESYNC_MS }) {
    this.lastSeq = Number(fromSeq) || 0;
    this.onEvent = onEvent;
    this.onResync = onResync;
    this.onGap = onGap;
    this.onResyncChange = onResyncChange;
    this.retryMs = retryMs;
    this.pending = new Map(); // seq -> event that arrived ahead of a gap or during a roster reload
    this.resyncing = false;
    this.resyncAgain = false;
    this.gapReported = false;
    this.duplicatesIgnored = 0;
    this.resyncs = 0;
  }

  /** The `after-seq` header for the next SUBSCRIBE. */
  subscribeHeaders() {
    return { 'after-seq': String(this.lastSeq) };
  }

  /** A message of the class subscription: an event, or a RESYNC. */
  receive(message) {
    if (message?.type === 'RESYNC') {
      this.resync();
      return;
    }
    if (typeof message?.seq !== 'number' || !Number.isSafeInteger(message.seq)) return;
    if (message.seq <= this.lastSeq) {
      this.duplicatesIgnored++;
      return;
    }
    this.pending.set(message.seq, message);
    if (this.resyncing) return;
    this.drain();
    if (this.pending.size > 0 && !this.gapReported) {
      this.gapReported = true;
      this.onGap(this.lastSeq);
    }
  }

  /** Too far behind for a replay: the roster is read again and the feed goes on from its seq. */
  async resync() {
    if (this.resyncing) {
      this.resyncAgain = true;
      return;
    }
    this.resyncing = true;
    this.resyncs++;
    this.onResyncChange(true);
    let failed = false;
    try {
      do {
        this.resyncAgain = false;
        const seq = await this.onResync();
        if (typeof seq === 'number' && seq > this.lastSeq) this.lastSeq = seq;
      } while (this.resyncAgain);
    } catch (error) {
      console.warn('reloading the roster after a RESYNC failed', error);
      failed = true;
    } finally {
      this.resyncing = false;
      this.onResyncChange(false);
    }
    this.drain();
    if (failed || this.pending.size > 0) {
      // Subscribing again with the old after-seq brings another RESYNC, and another reload.
      this.gapReported = true;
      setTimeout(() => this.onGap(this.lastSeq), failed ? this.retryMs : 0);
    }
  }

  /** Applies pending events while they continue lastSeq without a gap. */
  drain() {
    for (let next = this.pending.get(this.lastSeq + 1); next; next = this.pending.get(this.lastSeq + 1)) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      this.gapReported = false;
      this.onEvent(next);
    }
    for (const seq of this.pending.keys()) {
      if (seq <= this.lastSeq) this.pending.delete(seq);
    }
  }

  /** Re-subscribed (after a reconnect or a gap): the replay starts after lastSeq again. */
  resubscribed() {
    this.gapReported = false;
  }
}

// The live connection: one STOMP over WebSocket session (stomp.js) per page, signed in with the
// bearer token in the CONNECT frame, reconnecting by itself, re-subscribing after every
// reconnect, and catching class feeds up by seq so nothing is lost or shown twice.
import { Client, ReconnectionTimeMode } from './vendor/stompjs/index.js';

/** Connection states shown to the user. */
export const State = Object.freeze({
  CONNECTING: 'connecting',
  LIVE: 'live',
  CATCHING_UP: 'catching-up',
  RECONNECTING: 'reconnecting',
  STOPPED: 'stopped',
});

let receiptCounter = 0;

const AUTH_ERROR = /token|expired|unauthori[sz]ed|authenticat|credential|sign.?in|jwt/i;

export class LiveConnection {
  /**
   * @param getToken      returns the current access token, or null when signed out
   * @param onState       called with a State value whenever it changes
   * @param onAuthFailure called when the server refuses the token (expired, revoked)
   * @param onError       called with a readable message for other ERROR frames
   */
  constructor({ getToken, onState = () => {}, onAuthFailure = () => {}, onError = () => {}, url = webSocketUrl() }) {
    this.subscriptions = new Set();
    this.feedsCatchingUp = 0;
    this.onState = onState;
    this.onError = onError;
    this.state = null;
    this.client = new Client({
      brokerURL: url,
      reconnectDelay: 1000,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      maxReconnectDelay: 10000,
      connectionTimeout: 5000,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      // localStorage.setItem('attendance-live.debug', 'true') logs the STOMP frames (not the token).
      debug: globalThis.localStorage?.getItem('attendance-live.debug') === 'true'
        ? (line) => console.debug(line.replace(/Bearer [^\s]+/g, 'Bearer …'))
        : () => {},
      // Called before every (re)connect: always send the current token.
      beforeConnect: async (client) => {
        const token = getToken();
        if (!token) {
          await client.deactivate();
          onAuthFailure('Your sign-in has ended.');
          return;
        }
        client.connectHeaders = { Authorization: `Bearer ${token}` };
        this.connectedThisAttempt = false;
        this.setState(this.everConnected ? State.RECONNECTING : State.CONNECTING);
      },
      onConnect: () => {
        this.everConnected = true;
        this.connectedThisAttempt = true;
        this.setState(State.LIVE);
        for (const subscription of this.subscriptions) subscription.open();
      },
      onStompError: (frame) => {
        const reason = frame.headers.message || frame.body || 'The server refused a request.';
        // A refused SUBSCRIBE is dropped, not repeated after every reconnect.
        const refused = this.refusedSubscription(frame.headers['receipt-id'], reason);
        if (refused) {
          this.subscriptions.delete(refused);
          refused.onRefused(reason);
          return;
        }
        // An ERROR in answer to CONNECT means the token was refused.
        if (!this.connectedThisAttempt || AUTH_ERROR.test(reason) || !getToken()) {
          this.stop();
          onAuthFailure(reason);
        } else {
          onError(reason);
        }
      },
      onWebSocketClose: () => {
        if (this.client.active) this.setState(State.RECONNECTING);
      },
    });
  }

  start() {
    this.client.activate();
  }

  stop() {
    this.setState(State.STOPPED);
    this.subscriptions.clear();
    return this.client.deactivate();
  }

  /**
   * The subscription an ERROR refuses: the one whose receipt it names, or else the one still
   * waiting for its RECEIPT whose destination (or class) the reason names.
   */
  refusedSubscription(receiptId, reason) {
    const subscriptions = [...this.subscriptions];
    if (receiptId) return subscriptions.find((s) => s.receipt === receiptId);
    return subscriptions.find((s) => s.awaitingReceipt &&
      (reason.includes(s.destination) || new RegExp(`\\bclass ${s.destination.split('/').pop()}\\b`).test(reason)));
  }

  /** For tests and demos: drop the WebSocket as a network failure would. */
  dropConnection() {
    this.client.forceDisconnect();
  }

  setState(state) {
    const shown = state === State.LIVE && this.feedsCatchingUp > 0 ? State.CATCHING_UP : state;
    this.state = state;
    if (shown !== this.shownState) {
      this.shownState = shown;
      this.onState(shown);
    }
  }

  /**
   * Subscribes now (if connected) and again after every reconnect. The handler gets the
   * parsed JSON body. onSubscribed runs once the server has confirmed the SUBSCRIBE (RECEIPT),
   * so a catch-up started then cannot miss an event published in between.
   * Returns a function that unsubscribes.
   */
  subscribe(destination, handler, onSubscribed = () => {}, onRefused = (reason) => this.onError(reason)) {
    let stompSubscription = null;
    const subscription = {
      destination,
      receipt: null,
      awaitingReceipt: false,
      onRefused,
      open: () => {
        // Receipt ids are plain tokens: the server refuses anything outside [A-Za-z0-9_.:-].
        const receipt = `receipt-${++receiptCounter}`;
        subscription.receipt = receipt;
        subscription.awaitingReceipt = true;
        let confirmed = false;
        const confirm = () => {
          if (!confirmed && this.subscriptions.has(subscription)) {
            confirmed = true;
            onSubscribed();
          }
        };
        this.client.watchForReceipt(receipt, () => {
          subscription.awaitingReceipt = false;
          confirm();
        });
        // Brokers that ignore receipts would leave us waiting: go on after a short while.
        setTimeout(confirm, 3000);
        stompSubscription = this.client.subscribe(destination, (message) => {
          let body;
          try {
            body = JSON.parse(message.body);
          } catch {
            return; // not an event of ours
          }
          handler(body);
        }, { receipt });
      },
    };
    this.subscriptions.add(subscription);
    if (this.client.connected) subscription.open();
    return () => {
      this.subscriptions.delete(subscription);
      if (this.client.connected && stompSubscription) stompSubscription.unsubscribe();
    };
  }

  /**
   * Follows /topic/attendance/{classId} from a known seq (e.g. the roster's): every event with
   * a higher seq reaches onEvent exactly once and in seq order, across reconnects. After each
   * (re)subscribe, and whenever a gap shows, the missing events are fetched with
   * fetchAfter(seq) (GET /api/classes/{classId}/events?afterSeq=seq).
   */
  followClass(classId, { fromSeq, fetchAfter, onEvent, onCaughtUp = () => {}, onRefused }) {
    const feed = new ClassFeed({
      fromSeq,
      fetchAfter,
      onEvent,
      onCatchUpChange: (active) => {
        this.feedsCatchingUp += active ? 1 : -1;
        this.setState(this.state);
        if (!active) onCaughtUp(feed.lastSeq);
      },
    });
    const unsubscribe = this.subscribe(`/topic/attendance/${classId}`, (event) => feed.receive(event), () => feed.catchUp(), onRefused);
    return { feed, stop: unsubscribe };
  }
}

/** Orders and de-duplicates one class's events by seq; fetches what is missing. */
export class ClassFeed {
  constructor({ fromSeq = 0, fetchAfter, onEvent, onCatchUpChange = () => {} }) {
    this.lastSeq = fromSeq;
    this.fetchAfter = fetchAfter;
    this.onEvent = onEvent;
    this.onCatchUpChange = onCatchUpChange;
    this.pending = new Map(); // seq -> event that arrived ahead of a gap or during a catch-up
    this.catchingUp = false;
    this.duplicatesIgnored = 0;
  }

  /** An event from the live subscription. */
  receive(event) {
    if (typeof event?.seq !== 'number') return;
    if (event.seq <= this.lastSeq) {
      this.duplicatesIgnored++;
      return;
    }
    this.pending.set(event.seq, event);
    if (!this.catchingUp) {
      this.drain();
      if (this.pending.size > 0) this.catchUp(); // a gap: fetch what is missing
    }
  }

  /** Fetches every event after lastSeq, then applies what arrived live meanwhile. */
  async catchUp() {
    if (this.catchingUp) {
      this.again = true;
      return;
    }
    this.catchingUp = true;
    this.onCatchUpChange(true);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        this.again = false;
        const fetched = asEventList(await this.fetchAfter(this.lastSeq));
        for (const event of fetched) {
          if (event.seq > this.lastSeq) this.pending.set(event.seq, event);
        }
        this.drain();
        if (!this.again && this.pending.size === 0) break;
      }
    } catch (error) {
      // The connection or the token went away; the next reconnect catches up again.
      console.warn('catch-up failed', error);
    } finally {
      this.catchingUp = false;
      this.onCatchUpChange(false);
    }
  }

  /** Applies pending events while they continue lastSeq without a gap. */
  drain() {
    for (let next = this.pending.get(this.lastSeq + 1); next; next = this.pending.get(this.lastSeq + 1)) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      this.onEvent(next);
    }
    for (const seq of this.pending.keys()) {
      if (seq <= this.lastSeq) this.pending.delete(seq);
    }
  }
}

function asEventList(body) {
  const list = Array.isArray(body) ? body : body?.events ?? body?.content ?? [];
  return list.filter((event) => typeof event?.seq === 'number').sort((a, b) => a.seq - b.seq);
}

function webSocketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

// The live connection: one STOMP over WebSocket session (stomp.js) per page, signed in with the
// bearer token in the CONNECT frame, re-subscribing after every reconnect. Class feeds subscribe
// with `after-seq`, so the server replays what a reconnect missed (class-feed.js). When to
// reconnect is decided here (reconnect.js): back-off with jitter, and at once when the network
// comes back. A new token is handed to the open session in place (SEND /app/session/token).
import { Client } from './vendor/stompjs/index.js';
import { ClassFeed } from './class-feed.js';
import { Reconnector } from './reconnect.js';

export { ClassFeed } from './class-feed.js';

/** Connection states shown to the user. */
export const State = Object.freeze({
  CONNECTING: 'connecting',
  LIVE: 'live',
  CATCHING_UP: 'catching-up',
  RECONNECTING: 'reconnecting',
  STOPPED: 'stopped',
});

export const TOKEN_REFRESH_DESTINATION = '/app/session/token';

let receiptCounter = 0;
// Receipt ids are plain tokens: the server refuses anything outside [A-Za-z0-9_.:-].
const nextReceipt = (kind) => `${kind}-${++receiptCounter}`;

const AUTH_ERROR = /token|expired|unauthori[sz]ed|authenticat|credential|sign.?in|jwt/i;

export class LiveConnection {
  /**
   * @param getToken      returns the current access token, or null when signed out
   * @param onState       called with a State value whenever it changes, and the connection
   * @param onAuthFailure called when the server refuses the token (expired, revoked)
   * @param onError       called with a readable message for other ERROR frames
   */
  constructor({ getToken, onState = () => {}, onAuthFailure = () => {}, onError = () => {}, url = webSocketUrl(), window: win = globalThis }) {
    this.subscriptions = new Set();
    this.feedsResyncing = 0;
    this.onState = onState;
    this.onError = onError;
    this.window = win;
    this.state = null;
    this.running = false;
    /** For tests and the status line: CONNECTED frames received, token refreshes confirmed, when it last connected. */
    this.connects = 0;
    this.tokenRefreshes = 0;
    this.connectedAt = null;
    this.reconnector = new Reconnector({ connect: () => this.running && this.client.activate() });
    this.listeners = {
      online: () => this.reconnectNow(),
      // The socket is most likely dead already; drop it now rather than wait for the heart-beats.
      offline: () => this.dropConnection(),
      visibilitychange: () => { if (win.document?.visibilityState === 'visible') this.reconnectNow(); },
    };
    this.client = new Client({
      brokerURL: url,
      reconnectDelay: 0, // stomp.js does not reconnect by itself: the Reconnector decides when
      connectionTimeout: 5000,
      discardWebsocketOnCommFailure: true,
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
          await this.stop();
          onAuthFailure('Your sign-in has ended.');
          return;
        }
        client.connectHeaders = { Authorization: `Bearer ${token}` };
        this.connectedThisAttempt = false;
        this.setState(this.connects > 0 ? State.RECONNECTING : State.CONNECTING);
      },
      onConnect: () => {
        this.connects++;
        this.connectedAt = performance.now();
        this.connectedThisAttempt = true;
        this.reconnector.connected();
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
        if (!this.running) return;
        // Leave stomp.js idle (it would otherwise stay "active" with no socket) until the Reconnector fires.
        this.client.deactivate();
        this.reconnector.schedule();
        this.setState(State.RECONNECTING);
      },
    });
  }

  start() {
    this.running = true;
    for (const [name, listener] of Object.entries(this.listeners)) {
      (name === 'visibilitychange' ? this.window.document : this.window)?.addEventListener?.(name, listener);
    }
    this.client.activate();
  }

  stop() {
    this.running = false;
    this.reconnector.cancel();
    for (const [name, listener] of Object.entries(this.listeners)) {
      (name === 'visibilitychange' ? this.window.document : this.window)?.removeEventListener?.(name, listener);
    }
    this.setState(State.STOPPED);
    this.subscriptions.clear();
    return this.client.deactivate();
  }

  /** Reconnects at once if a reconnect is waiting (the network is back, the user asked). */
  reconnectNow() {
    if (this.running && !this.client.connected) this.reconnector.connectNow();
  }

  /** For tests and demos: drop the WebSocket as a network failure would. */
  dropConnection() {
    this.client.forceDisconnect();
  }

  /**
   * Hands a new token of the same user to the open session (SEND /app/session/token with a
   * receipt), moving the session's end to the new token's expiry. Resolves to true on the
   * RECEIPT; false when not connected (the next CONNECT carries the new token anyway) or when no
   * RECEIPT came. A refused token gets an ERROR, handled as any token ERROR.
   */
  refreshToken(token) {
    if (!this.client.connected) return Promise.resolve(false);
    const receipt = nextReceipt('token');
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 10000);
      this.client.watchForReceipt(receipt, () => {
        clearTimeout(timer);
        this.tokenRefreshes++;
        resolve(true);
      });
      this.client.publish({ destination: TOKEN_REFRESH_DESTINATION, headers: { Authorization: `Bearer ${token}`, receipt } });
    });
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

  setState(state) {
    const shown = state === State.LIVE && this.feedsResyncing > 0 ? State.CATCHING_UP : state;
    this.state = state;
    if (shown !== this.shownState) {
      this.shownState = shown;
      this.onState(shown, this);
    }
  }

  /**
   * Subscribes now (if connected) and again after every reconnect. The handler gets the parsed
   * JSON body. `headers()` gives extra SUBSCRIBE headers, read at every (re)subscribe;
   * onSubscribed runs once the server confirmed the SUBSCRIBE (RECEIPT); onRefused when it
   * refused it (ERROR). Returns a function that unsubscribes, whose reopen() subscribes again.
   */
  subscribe(destination, handler, { headers = () => ({}), onSubscribed = () => {}, onRefused = (reason) => this.onError(reason) } = {}) {
    let stompSubscription = null;
    const subscription = {
      destination,
      receipt: null,
      awaitingReceipt: false,
      onRefused,
      open: () => {
        const receipt = nextReceipt('receipt');
        subscription.receipt = receipt;
        subscription.awaitingReceipt = true;
        this.client.watchForReceipt(receipt, () => {
          subscription.awaitingReceipt = false;
          if (this.subscriptions.has(subscription)) onSubscribed();
        });
        stompSubscription = this.client.subscribe(destination, (message) => {
          let body;
          try {
            body = JSON.parse(message.body);
          } catch {
            return; // not an event of ours
          }
          handler(body);
        }, { ...headers(), receipt });
      },
    };
    this.subscriptions.add(subscription);
    if (this.client.connected) subscription.open();
    const unsubscribe = () => {
      this.subscriptions.delete(subscription);
      if (this.client.connected && stompSubscription) stompSubscription.unsubscribe();
    };
    unsubscribe.reopen = () => {
      if (!this.subscriptions.has(subscription) || !this.client.connected) return;
      stompSubscription?.unsubscribe();
      subscription.open();
    };
    return unsubscribe;
  }

  /**
   * Follows /topic/attendance/{classId} from a known seq (the roster's): every event with a
   * higher seq reaches onEvent exactly once and in seq order, across reconnects. Each SUBSCRIBE
   * carries `after-seq` = the last seq applied; a RESYNC calls onResync, which reloads the
   * roster and resolves to its seq.
   */
  followClass(classId, { fromSeq, onEvent, onResync, onRefused }) {
    let subscription = null;
    const feed = new ClassFeed({
      fromSeq,
      onEvent,
      onResync,
      onGap: () => subscription?.reopen(),
      onResyncChange: (active) => {
        this.feedsResyncing += active ? 1 : -1;
        this.setState(this.state);
      },
    });
    subscription = this.subscribe(`/topic/attendance/${classId}`, (message) => feed.receive(message), {
      headers: () => {
        feed.resubscribed();
        return feed.subscribeHeaders();
      },
      onRefused,
    });
    return { feed, stop: subscription };
  }
}

function webSocketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

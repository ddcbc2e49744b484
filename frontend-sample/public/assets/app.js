// The app shell: sign-in state and its renewal, the live connection and its state, the header
// and hash routes:
//   #/signin  #/teacher  #/teacher/{classId}  #/projector/{classId}  #/student[?class=&session=&code=]
import { currentAuth, expire, followRenewal, hasRole, onSignInExpired, onTokenRenewed, signOut, watchExpiry } from './api.js';
import { LiveConnection, State } from './live.js';
import { h, replaceChildren, toast } from './ui.js';
import * as signInView from './views/signin.js';
import * as teacherView from './views/teacher.js';
import * as projectorView from './views/projector.js';
import * as studentView from './views/student.js';

const main = document.getElementById('main');
const connection = document.getElementById('connection');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');
const banner = document.getElementById('connection-banner');

const STATE_LABELS = {
  [State.CONNECTING]: 'Connecting…',
  [State.LIVE]: 'Live',
  [State.CATCHING_UP]: 'Catching up…',
  [State.RECONNECTING]: 'Connection lost, reconnecting…',
  [State.STOPPED]: 'Not connected',
};

let live = null;
let cleanup = () => {};
let expiredNotice = null;
let bannerTimer = null;

function showConnectionState(state, connectionNow) {
  connection.dataset.state = state;
  connection.textContent = STATE_LABELS[state] ?? state;
  connection.hidden = false;
  showBanner(state === State.RECONNECTING ? connectionNow : null);
}

/**
 * While the connection is down, a banner across the page says so, when the next attempt is due
 * and offers to try now: the roster on screen may be behind until it is back.
 */
function showBanner(reconnecting) {
  clearInterval(bannerTimer);
  if (!reconnecting) {
    banner.hidden = true;
    replaceChildren(banner);
    return;
  }
  const when = h('span', { class: 'banner-when' });
  const tick = () => {
    const dueAt = reconnecting.reconnector.dueAt;
    const seconds = dueAt === null ? 0 : Math.ceil((dueAt - Date.now()) / 1000);
    when.textContent = seconds > 0 ? ` Trying again in ${seconds} s.` : ' Trying again now…';
  };
  tick();
  bannerTimer = setInterval(tick, 500);
  replaceChildren(banner,
    h('strong', {}, 'Connection lost.'), ' Reconnecting… What you see may be out of date until it is back.', when, ' ',
    h('button', { type: 'button', class: 'small', onclick: () => reconnecting.reconnectNow() }, 'Try now'));
  banner.hidden = false;
}

/** One live connection per sign-in; views subscribe on it and unsubscribe when they leave. */
function startLive() {
  live = new LiveConnection({
    getToken: () => currentAuth()?.token ?? null,
    onState: showConnectionState,
    onAuthFailure: () => expire(),
    onError: (message) => toast(message),
  });
  live.subscribe('/user/queue/errors', (error) => toast(error.detail ?? error.message ?? 'The server reported an error.'));
  live.start();
}

async function stopLive() {
  const stopping = live;
  live = null;
  if (stopping) await stopping.stop();
  connection.hidden = true;
  showBanner(null);
}

// A renewed token goes to the open STOMP session at once, before the old one expires.
onTokenRenewed((token) => live?.refreshToken(token));

function defaultRoute() {
  if (hasRole('TEACHER') || hasRole('ADMIN')) return '#/teacher';
  if (hasRole('STUDENT')) return '#/student';
  return '#/teacher';
}

function renderHeader(auth, projector) {
  document.body.classList.toggle('projector-mode', projector);
  who.textContent = auth ? `Signed in as ${auth.username}` : '';
  signOutButton.hidden = !auth;
  const links = [];
  if (auth && (hasRole('TEACHER') || hasRole('ADMIN') || auth.roles.length === 0)) links.push(['#/teacher', 'Teacher']);
  if (auth && (hasRole('STUDENT') || auth.roles.length === 0)) links.push(['#/student', 'Student']);
  replaceChildren(nav, links.map(([href, label]) =>
    h('a', { href, 'aria-current': location.hash.startsWith(href) ? 'page' : undefined }, label)));
}

async function route() {
  cleanup();
  cleanup = () => {};
  const auth = currentAuth();
  const [, view = '', param] = location.hash.split('?')[0].split('/');
  if (!auth) {
    await stopLive();
    renderHeader(null, false);
    document.title = 'Sign in · Attendance Live';
    cleanup = signInView.render(main, {
      notice: expiredNotice,
      onSignedIn: () => {
        expiredNotice = null;
        watchExpiry();
        // Back to where the user was, or to the view for their role.
        if (location.hash === '' || location.hash.startsWith('#/signin')) location.hash = defaultRoute();
        else route();
      },
    }) ?? (() => {});
    return;
  }
  if (!live) startLive();
  if (view === 'signin' || view === '') {
    location.hash = defaultRoute();
    return;
  }
  renderHeader(auth, view === 'projector');
  const context = { live, auth };
  const views = {
    teacher: () => teacherView.render(main, context, param),
    projector: () => projectorView.render(main, context, param),
    student: () => studentView.render(main, context, location.hash),
  };
  cleanup = (views[view] ?? views.teacher)() ?? (() => {});
  main.focus({ preventScroll: true });
}

onSignInExpired(() => {
  expiredNotice = 'Your sign-in has expired. Please sign in again to continue.';
  route();
});

signOutButton.addEventListener('click', () => {
  signOut();
  location.hash = '#/signin';
  route();
});

window.addEventListener('hashchange', route);
// Another tab signed out, or in as someone else: follow it. It renewed the token: use the new one.
window.addEventListener('storage', (event) => {
  if (event.key !== null && event.key !== 'attendance-live.auth') return;
  const before = parsed(event.oldValue);
  const after = parsed(event.newValue);
  if (event.key !== null && before?.username && before.username === after?.username) followRenewal(before.token);
  else route();
});

function parsed(json) {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

// For tests and demos (see docs/client-guide.md): the live connection of this page.
window.attendanceLive = { get connection() { return live; } };

watchExpiry();
route();

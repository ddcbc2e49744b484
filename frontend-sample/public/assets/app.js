// The app shell: sign-in state, the live connection, the header and hash routes.
//   #/signin  #/teacher  #/teacher/{classId}  #/projector/{classId}  #/student
import { currentAuth, expire, hasRole, onSignInExpired, signOut, watchExpiry } from './api.js';
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

function showConnectionState(state) {
  connection.dataset.state = state;
  connection.textContent = STATE_LABELS[state] ?? state;
  connection.hidden = false;
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
}

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
  const [, view = '', param] = location.hash.split('/');
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
    student: () => studentView.render(main, context),
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
// Another tab signed out or in: follow it.
window.addEventListener('storage', () => route());

// For tests and demos (see docs/client-guide.md): the live connection of this page.
window.attendanceLive = { get connection() { return live; } };

watchExpiry();
route();

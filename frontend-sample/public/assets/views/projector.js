// Projector: for the room's screen. The class name, the current check-in code in large type and
// as a QR code of a check-in link (both fetched again when the code rotates), and how many have
// checked in. No student names, ever.
import { api } from '../api.js';
import { checkInLink } from '../links.js';
import { qrSvg } from '../qr.js';
import { Roster } from '../roster.js';
import { h, replaceChildren } from '../ui.js';

const FALLBACK_REFRESH_MS = 5000;

export function render(main, { live }, classId) {
  let active = true;
  let follow = null;
  let codeTimer = null;
  let countdownTimer = null;

  const title = h('h1', { class: 'projector-class' });
  const code = h('p', { class: 'projector-code', id: 'projector-code', 'aria-live': 'polite', 'aria-atomic': 'true' }, '······');
  const qr = h('figure', { class: 'projector-qr', id: 'projector-qr', hidden: true });
  const countdown = h('p', { class: 'projector-countdown', id: 'projector-countdown' });
  const count = h('span', { class: 'projector-count-value', id: 'projector-count' }, '0');
  const message = h('p', { class: 'projector-message', role: 'status' });

  replaceChildren(main, h('div', { class: 'projector' },
    title,
    h('div', { class: 'projector-checkin' },
      h('div', { class: 'projector-code-box' },
        h('p', { class: 'projector-instruction' }, 'Check in with this code:'),
        code,
        countdown),
      qr),
    h('p', { class: 'projector-count', 'aria-live': 'polite' }, count, ' checked in'),
    message));

  async function refreshCode(sessionId) {
    clearTimeout(codeTimer);
    clearInterval(countdownTimer);
    try {
      const current = await api.code(classId, sessionId);
      if (!active) return;
      code.textContent = current.code;
      showQr(sessionId, current.code);
      const rotatesAt = Date.parse(current.rotatesAt ?? '');
      if (Number.isNaN(rotatesAt)) {
        countdown.textContent = '';
        codeTimer = setTimeout(() => refreshCode(sessionId), FALLBACK_REFRESH_MS);
        return;
      }
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((rotatesAt - Date.now()) / 1000));
        countdown.textContent = `New code in ${seconds} s`;
      };
      tick();
      countdownTimer = setInterval(tick, 1000);
      // A little after the rotation, so the server already has the next code.
      codeTimer = setTimeout(() => refreshCode(sessionId), Math.min(Math.max(rotatesAt - Date.now() + 300, 1000), 60000));
    } catch (error) {
      if (!active) return;
      if (error.status === 409 || error.status === 404) {
        load(); // the session closed: show that
      } else {
        codeTimer = setTimeout(() => refreshCode(sessionId), FALLBACK_REFRESH_MS);
      }
    }
  }

  /** The QR code of the check-in link: the phone opens the student view with everything filled in. */
  function showQr(sessionId, currentCode) {
    const link = checkInLink(location.origin, { classId, sessionId, code: currentCode });
    qr.dataset.link = link;
    replaceChildren(qr,
      qrSvg(link, `QR code of the check-in link for code ${currentCode}`),
      h('figcaption', {}, 'Or scan to check in'));
    qr.hidden = false;
  }

  function hideCode(text) {
    clearTimeout(codeTimer);
    clearInterval(countdownTimer);
    code.textContent = text;
    countdown.textContent = '';
    qr.hidden = true;
    replaceChildren(qr);
    delete qr.dataset.link;
  }

  async function load() {
    follow?.stop();
    clearTimeout(codeTimer);
    clearInterval(countdownTimer);
    try {
      const schoolClass = (await api.classes()).find((c) => (c.id ?? c.classId) === classId);
      if (!active) return;
      if (!schoolClass) throw new Error(`You do not teach the class ${classId}.`);
      title.textContent = schoolClass.name ?? classId;
      document.title = `${title.textContent} · Projector`;
      const sessionId = schoolClass.openSessionId;
      if (!sessionId) {
        hideCode('—');
        message.textContent = 'No session is open.';
        // Students cannot check in without a session; look again now and then.
        codeTimer = setTimeout(load, FALLBACK_REFRESH_MS);
        return;
      }
      message.textContent = '';
      const roster = new Roster(sessionId, await api.roster(classId, sessionId));
      if (!active) return;
      count.textContent = roster.checkedIn();
      refreshCode(sessionId);
      follow = live.followClass(classId, {
        fromSeq: roster.seq,
        onResync: async () => {
          const seq = roster.load(await api.roster(classId, sessionId));
          count.textContent = roster.checkedIn();
          return seq;
        },
        onRefused: (reason) => { message.textContent = `Live updates were refused: ${reason}`; },
        onEvent: (event) => {
          if (event.type === 'SESSION_OPENED' && event.sessionId !== sessionId) {
            load();
            return;
          }
          roster.apply(event);
          count.textContent = roster.checkedIn();
          if (roster.closed) {
            hideCode('—');
            message.textContent = 'This session is closed.';
          }
        },
      });
    } catch (error) {
      if (active) message.textContent = error.message;
    }
  }

  load();
  return () => {
    active = false;
    follow?.stop();
    clearTimeout(codeTimer);
    clearInterval(countdownTimer);
  };
}

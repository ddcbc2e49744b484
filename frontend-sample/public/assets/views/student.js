// Student: the classes with an open session, check in with the code from the projector (typed,
// or filled in by the projector's QR link: one tap), and the own status as it arrives live on
// /user/queue/attendance.
import { api } from '../api.js';
import { studentUpdateText } from '../format.js';
import { checkInFromHash } from '../links.js';
import { formatTime, h, replaceChildren, statusBadge } from '../ui.js';

const CLASS_POLL_MS = 15000;

const CHECK_IN_ERRORS = {
  404: 'This session no longer exists.',
  409: 'This session is closed.',
  422: 'That code is wrong or has expired. Check the projector and try again.',
  429: 'Too many wrong codes. Wait a moment before trying again.',
  403: 'You are not enrolled in this class.',
};

export function render(main, { live, auth }, hash = '') {
  let active = true;
  let pollTimer = null;
  // A check-in link from the projector's QR code: used once, and taken out of the address so a
  // reload or the back button does not bring an old code back.
  let fromLink = checkInFromHash(hash);
  if (hash.includes('?')) history.replaceState(null, '', `${location.pathname}${location.search}#/student`);
  const classNames = new Map(); // classId -> the class's title
  const cards = new Map(); // sessionId -> { setStatus, element }
  const statuses = new Map(); // sessionId -> { status, seq }
  const lastSeqByClass = new Map();
  const list = h('ul', { class: 'cards', 'aria-label': 'Classes with an open session' });
  const empty = h('p', { hidden: true }, 'None of your classes has an open session right now.');
  const linkNotice = h('p', { class: 'notice', role: 'status', id: 'link-notice', hidden: true });
  const updates = h('ol', { class: 'activity', reversed: true, 'aria-label': 'Your updates', 'aria-live': 'polite' });

  document.title = 'Check in · Attendance Live';
  replaceChildren(main,
    h('div', { class: 'title-row' },
      h('h1', {}, 'Check in'),
      h('button', { type: 'button', onclick: () => loadClasses() }, 'Refresh')),
    linkNotice, empty, list,
    h('section', { 'aria-labelledby': 'updates-title' },
      h('h2', { id: 'updates-title' }, 'Your updates'), updates));

  function setStatus(sessionId, status, seq = 0, live = false) {
    const known = statuses.get(sessionId);
    if (known && seq && known.seq >= seq) return; // an event we already have
    statuses.set(sessionId, { status, seq: seq || known?.seq || 0 });
    cards.get(sessionId)?.setStatus(status, live);
  }

  function card(schoolClass) {
    const classId = schoolClass.id;
    const sessionId = schoolClass.openSessionId;
    const name = schoolClass.name ?? classId;
    const inputId = `code-${classId}`;
    const input = h('input', {
      id: inputId, name: 'code', autocomplete: 'one-time-code', inputmode: 'text', autocapitalize: 'characters',
      spellcheck: 'false', required: true, maxlength: 32, 'aria-describedby': `result-${classId}`,
    });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Check in');
    const result = h('p', { id: `result-${classId}`, class: 'result', role: 'status' });
    const status = h('p', { class: 'own-status', id: `status-${classId}`, dataset: { status: 'PENDING' } }, 'Your status: ', statusBadge(null));
    const form = h('form', { class: 'checkin', 'aria-label': `Check in to ${name}` },
      h('label', { for: inputId }, 'Code from the projector'),
      h('div', { class: 'inline' }, input, button),
      result);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      result.className = 'result';
      result.textContent = 'Checking in…';
      try {
        const { status: http } = await api.checkIn(classId, sessionId, input.value.trim());
        result.textContent = http === 201 ? 'Checked in.' : 'You had already checked in.';
        input.value = '';
        // The live event normally arrives first; if it does not (e.g. sent while reconnecting), ask.
        setTimeout(() => { if (active && !statuses.has(sessionId)) loadOwnRecords(); }, 3000);
      } catch (error) {
        result.className = 'result error';
        result.textContent = CHECK_IN_ERRORS[error.status] ?? `Could not check in: ${error.message}`;
        input.select();
      } finally {
        button.disabled = false;
      }
    });

    const element = h('li', { class: 'card', dataset: { class: classId } }, h('h2', {}, name), status, form);
    return {
      element,
      /** Filled in from the projector's link: one tap on Check in. */
      prefill(code) {
        input.value = code;
        element.classList.add('from-link');
        result.className = 'result';
        result.textContent = 'Code filled in from the projector: tap Check in.';
        button.focus();
      },
      setStatus(value, live) {
        status.dataset.status = value ?? 'PENDING';
        status.dataset.source = live ? 'live' : 'loaded';
        replaceChildren(status, 'Your status: ', statusBadge(value));
      },
    };
  }

  async function loadClasses() {
    clearTimeout(pollTimer);
    try {
      const classes = await api.classes();
      if (!active) return;
      for (const c of classes) classNames.set(c.id, c.name);
      const open = classes.filter((c) => c.openSessionId);
      const wanted = new Set(open.map((c) => c.openSessionId));
      for (const sessionId of cards.keys()) {
        if (!wanted.has(sessionId)) {
          cards.get(sessionId).element.remove();
          cards.delete(sessionId);
        }
      }
      for (const schoolClass of open) {
        if (cards.has(schoolClass.openSessionId)) continue;
        const entry = card(schoolClass);
        cards.set(schoolClass.openSessionId, entry);
        list.append(entry.element);
        const known = statuses.get(schoolClass.openSessionId);
        if (known) entry.setStatus(known.status, false);
      }
      empty.hidden = open.length > 0;
      useLink(classes);
    } catch (error) {
      if (error.status === 401) return;
    }
    if (active) pollTimer = setTimeout(loadClasses, CLASS_POLL_MS);
  }

  function useLink(classes) {
    if (!fromLink) return;
    const { classId, sessionId, code } = fromLink;
    fromLink = null;
    const schoolClass = classes.find((c) => c.id === classId);
    let problem = null;
    if (!schoolClass) problem = `The check-in link is for ${classId}, a class you are not enrolled in.`;
    else if (schoolClass.openSessionId !== sessionId) problem = `The check-in link is for a session of ${schoolClass.name} that is no longer open.`;
    else if (!code) problem = 'The check-in link has no valid code: type the code from the projector.';
    linkNotice.textContent = problem ?? '';
    linkNotice.hidden = !problem;
    if (!problem) cards.get(sessionId)?.prefill(code);
  }

  async function loadOwnRecords() {
    try {
      const body = await api.myAttendance();
      const records = Array.isArray(body) ? body : body?.records ?? body?.attendance ?? [];
      for (const record of records) {
        if (record.sessionId && record.status) setStatus(record.sessionId, record.status);
      }
    } catch {
      // shown again on the next event or reload
    }
  }

  function onEvent(event) {
    if (typeof event?.seq !== 'number') return;
    if ((lastSeqByClass.get(event.classId) ?? 0) >= event.seq) return; // delivered twice
    lastSeqByClass.set(event.classId, event.seq);
    let status = null;
    if ((event.type === 'CHECKED_IN' || event.type === 'STATUS_CHANGED') && event.studentId === auth.username) status = event.status;
    if (event.type === 'SESSION_CLOSED' && (event.absent ?? []).includes(auth.username)) status = 'ABSENT';
    if (!status) return;
    setStatus(event.sessionId, status, event.seq, true);
    updates.prepend(h('li', { dataset: { seq: event.seq } },
      h('time', { datetime: event.occurredAt }, formatTime(event.occurredAt)), ' ',
      studentUpdateText({ classId: event.classId, className: classNames.get(event.classId), status, reason: event.reason })));
    if (event.type === 'SESSION_CLOSED') loadClasses();
  }

  // Subscribed before the first check-in can happen; after a reconnect, the own records are
  // read again (students cannot read a class's event log).
  const unsubscribe = live.subscribe('/user/queue/attendance', onEvent, { onSubscribed: () => loadOwnRecords() });
  loadClasses().then(loadOwnRecords);

  return () => {
    active = false;
    clearTimeout(pollTimer);
    unsubscribe();
  };
}

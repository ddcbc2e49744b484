// Teacher: the classes taught, and per class a live dashboard: open a session, the roster with
// its counts, corrections, CSV downloads, close. Follows /topic/attendance/{classId} from the
// roster's seq (after-seq), and reloads the roster when the server answers RESYNC.
import { api } from '../api.js';
import { Roster } from '../roster.js';
import { formatTime, h, replaceChildren, STATUS_LABELS, statusBadge, toast } from '../ui.js';
import { correctionDialog } from './correction-dialog.js';
import { exportsPanel } from './exports.js';

export function render(main, context, classId) {
  return classId ? dashboard(main, context, classId) : classList(main);
}

function className(schoolClass) {
  return schoolClass.name ?? schoolClass.title ?? classIdOf(schoolClass);
}

function classIdOf(schoolClass) {
  return schoolClass.id ?? schoolClass.classId;
}

function loading(main, text) {
  replaceChildren(main, h('p', { class: 'loading', role: 'status' }, text));
}

function failed(main, error) {
  replaceChildren(main, h('div', { class: 'card' },
    h('h1', {}, 'Something went wrong'),
    h('p', { class: 'error', role: 'alert' }, error.message),
    h('p', {}, h('a', { href: '#/teacher' }, 'Back to your classes'))));
}

// ---- the classes taught ---------------------------------------------------------------------

function classList(main) {
  let active = true;
  loading(main, 'Loading your classes…');
  api.classes().then((classes) => {
    if (!active) return;
    replaceChildren(main,
      h('h1', {}, 'Your classes'),
      classes.length === 0 && h('p', {}, 'You teach no classes.'),
      h('ul', { class: 'cards', 'aria-label': 'Classes' }, classes.map((schoolClass) =>
        h('li', { class: 'card' },
          h('h2', {}, className(schoolClass)),
          h('p', { class: 'muted' }, classIdOf(schoolClass)),
          h('p', {}, schoolClass.openSessionId ? h('span', { class: 'badge status-present' }, 'Session open') : 'No open session'),
          h('a', { class: 'button primary', href: `#/teacher/${encodeURIComponent(classIdOf(schoolClass))}` },
            'Open dashboard', h('span', { class: 'visually-hidden' }, ` for ${className(schoolClass)}`))))));
  }).catch((error) => active && failed(main, error));
  return () => { active = false; };
}

// ---- one class ------------------------------------------------------------------------------

function dashboard(main, { live }, classId) {
  let active = true;
  let follow = null;
  const stop = () => {
    active = false;
    follow?.stop();
  };

  async function load() {
    follow?.stop();
    follow = null;
    loading(main, 'Loading the class…');
    try {
      const classes = await api.classes();
      const schoolClass = classes.find((c) => classIdOf(c) === classId);
      if (!active) return;
      if (!schoolClass) throw new Error(`You do not teach the class ${classId}.`);
      document.title = `${className(schoolClass)} · Attendance Live`;
      if (!schoolClass.openSessionId) {
        showOpenForm(schoolClass);
      } else {
        const snapshot = await api.roster(classId, schoolClass.openSessionId);
        if (active) showSession(schoolClass, new Roster(schoolClass.openSessionId, snapshot));
      }
    } catch (error) {
      if (active) failed(main, error);
    }
  }

  function showOpenForm(schoolClass) {
    const lateAfter = h('input', { id: 'late-after', type: 'number', min: 0, max: 600, value: 10, inputmode: 'numeric' });
    const duration = h('input', { id: 'duration', type: 'number', min: 1, max: 720, value: 90, inputmode: 'numeric' });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Open session');
    const form = h('form', { class: 'card narrow', 'aria-labelledby': 'open-title' },
      h('h2', { id: 'open-title' }, 'No session is open'),
      h('label', { for: 'late-after' }, 'Late after (minutes)'), lateAfter,
      h('label', { for: 'duration' }, 'Duration (minutes)'), duration,
      button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        await api.openSession(classId, { lateAfterMinutes: Number(lateAfter.value), durationMinutes: Number(duration.value) });
        await load();
      } catch (error) {
        toast(`Could not open the session: ${error.message}`);
        button.disabled = false;
      }
    });
    replaceChildren(main, backLink(), h('h1', {}, className(schoolClass)), form);
  }

  function showSession(schoolClass, roster) {
    const sessionId = roster.sessionId;
    const counts = h('ul', { class: 'counts', 'aria-label': 'Counts', 'aria-live': 'polite' });
    const rows = h('tbody');
    const activity = h('ol', { class: 'activity', reversed: true, 'aria-label': 'Events received' });
    const seqLine = h('p', { class: 'muted', id: 'last-seq' });
    const closeButton = h('button', { type: 'button', class: 'danger' }, 'Close session');
    const newSessionButton = h('button', { type: 'button', class: 'primary', hidden: true, onclick: () => load() }, 'Start a new session');
    const sessionState = h('p', { id: 'session-state', class: 'badge' });
    const dialog = correctionDialog(async (studentId, status, reason) => {
      // Read the record's version first, so a change made meanwhile by someone else is not overwritten.
      const current = await api.record(classId, sessionId, studentId);
      try {
        await api.correct(classId, sessionId, studentId, status, reason, current?.etag);
      } catch (error) {
        if (error.status === 409 || error.status === 412) {
          throw new Error('Someone else changed this record meanwhile. Check the roster and try again.');
        }
        throw error;
      }
      toast(`Saved: ${roster.nameOf(studentId)} is now ${STATUS_LABELS[status]}.`, 'info');
    });

    function refresh() {
      replaceChildren(counts, Object.entries(roster.counts()).map(([status, count]) =>
        h('li', { class: `count status-${status.toLowerCase()}`, dataset: { status } },
          h('span', { class: 'count-value' }, count), h('span', { class: 'count-label' }, STATUS_LABELS[status]))));
      const focused = document.activeElement?.dataset?.student;
      replaceChildren(rows, roster.list().map((student) =>
        h('tr', { dataset: { student: student.studentId, status: student.status ?? 'PENDING' } },
          h('th', { scope: 'row' }, student.name, student.name !== student.studentId && h('span', { class: 'muted' }, ` (${student.studentId})`)),
          h('td', {}, statusBadge(student.status), student.reason && h('span', { class: 'muted reason' }, ` ${student.reason}`)),
          h('td', {}, h('button', {
            type: 'button', class: 'small', dataset: { student: student.studentId },
            'aria-label': `Correct ${student.name}`, onclick: () => dialog.open(student),
          }, 'Correct…')))));
      if (focused) rows.querySelector(`button[data-student="${CSS.escape(focused)}"]`)?.focus();
      seqLine.textContent = `Last event: #${roster.seq}`;
      seqLine.dataset.seq = roster.seq;
      sessionState.textContent = roster.closed ? 'Closed' : 'Open';
      sessionState.className = `badge ${roster.closed ? 'status-absent' : 'status-present'}`;
      closeButton.hidden = roster.closed;
      newSessionButton.hidden = !roster.closed;
    }

    closeButton.addEventListener('click', async () => {
      if (!confirm(`Close the session? Students without a record will be marked absent.`)) return;
      closeButton.disabled = true;
      try {
        await api.close(classId, sessionId);
      } catch (error) {
        toast(`Could not close the session: ${error.message}`);
      } finally {
        closeButton.disabled = false;
      }
    });

    replaceChildren(main,
      backLink(),
      h('div', { class: 'title-row' },
        h('h1', {}, className(schoolClass)), sessionState),
      h('div', { class: 'toolbar' },
        h('a', { class: 'button', href: `#/projector/${encodeURIComponent(classId)}`, target: '_blank', id: 'projector-link' },
          'Open projector view', h('span', { class: 'visually-hidden' }, ' (new tab)')),
        closeButton, newSessionButton),
      h('section', { 'aria-labelledby': 'counts-title' }, h('h2', { id: 'counts-title', class: 'visually-hidden' }, 'Counts'), counts),
      h('section', { 'aria-labelledby': 'roster-title' },
        h('h2', { id: 'roster-title' }, 'Roster'),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'roster' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Student'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
            rows))),
      h('section', { 'aria-labelledby': 'activity-title' },
        h('h2', { id: 'activity-title' }, 'Activity'), seqLine, activity),
      exportsPanel(classId, sessionId),
      dialog.element);
    refresh();

    function note(text, type) {
      activity.prepend(h('li', { dataset: { type } }, h('time', { datetime: new Date().toISOString() }, formatTime(new Date())), ' ', text));
    }

    follow = live.followClass(classId, {
      fromSeq: roster.seq,
      // Too much was missed for a replay: read the roster again and go on from its seq.
      onResync: async () => {
        const current = (await api.classes()).find((c) => classIdOf(c) === classId);
        if (!active) return null;
        if (current?.openSessionId && current.openSessionId !== sessionId) {
          load(); // another session began meanwhile: start over from its roster
          return null;
        }
        const seq = roster.load(await api.roster(classId, sessionId));
        note('Reloaded the roster: too much happened while the connection was down to replay it', 'RESYNC');
        refresh();
        return seq;
      },
      onRefused: (reason) => {
        main.prepend(h('p', { class: 'error', role: 'alert' }, `Live updates for this class were refused: ${reason}`));
      },
      onEvent: (event) => {
        if (event.type === 'SESSION_OPENED' && event.sessionId !== sessionId) {
          load(); // another session began (e.g. opened elsewhere): start over from its roster
          return;
        }
        const text = roster.apply(event);
        if (text) {
          activity.prepend(h('li', { dataset: { seq: event.seq, type: event.type } },
            h('time', { datetime: event.occurredAt }, formatTime(event.occurredAt)), ' ', text));
        }
        refresh();
      },
    });
  }

  load();
  return stop;
}

function backLink() {
  return h('p', {}, h('a', { href: '#/teacher' }, '← Your classes'));
}

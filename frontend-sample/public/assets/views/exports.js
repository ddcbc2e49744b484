// CSV downloads on the teacher dashboard (contract "Exports"): this session, or every session of
// the class in a date range. Fetched with the bearer token, then saved from a Blob: a plain link
// would reach the server without the token.
import { api } from '../api.js';
import { h, saveBlob, toast } from '../ui.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYY-MM-DD of a date in the browser's time zone. */
export function localDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function exportsPanel(classId, sessionId, now = new Date()) {
  const status = h('p', { class: 'result', role: 'status', id: 'export-status' });

  async function save(button, fetchFile) {
    button.disabled = true;
    status.className = 'result';
    status.textContent = 'Preparing the download…';
    try {
      const { blob, fileName } = await fetchFile();
      saveBlob(blob, fileName);
      status.textContent = `Downloaded ${fileName}.`;
    } catch (error) {
      status.className = 'result error';
      status.textContent = `Could not download: ${error.message}`;
      if (error.status !== 401) toast(status.textContent);
    } finally {
      button.disabled = false;
    }
  }

  const sessionButton = h('button', { type: 'button', id: 'export-session' }, 'Download this session (CSV)');
  sessionButton.addEventListener('click', () => save(sessionButton, () => api.sessionCsv(classId, sessionId)));

  const today = localDate(now);
  const from = h('input', { id: 'export-from', type: 'date', required: true, value: localDate(new Date(now.getTime() - 30 * DAY_MS)) });
  const to = h('input', { id: 'export-to', type: 'date', required: true, value: today });
  const rangeButton = h('button', { type: 'submit' }, 'Download sessions (CSV)');
  const range = h('form', { class: 'export-range', 'aria-label': 'Sessions in a date range' },
    h('div', {}, h('label', { for: 'export-from' }, 'From'), from),
    h('div', {}, h('label', { for: 'export-to' }, 'To'), to),
    rangeButton);
  range.addEventListener('submit', (event) => {
    event.preventDefault();
    if (from.value > to.value) {
      status.className = 'result error';
      status.textContent = 'The start date is after the end date.';
      return;
    }
    save(rangeButton, () => api.classCsv(classId, from.value, to.value));
  });

  return h('section', { 'aria-labelledby': 'exports-title', class: 'exports' },
    h('h2', { id: 'exports-title' }, 'Download attendance'),
    h('div', { class: 'toolbar' }, sessionButton),
    range,
    status);
}

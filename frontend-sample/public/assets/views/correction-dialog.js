// The correction dialog of the teacher dashboard: a new status and the reason for it.
import { h, STATUS_LABELS } from '../ui.js';

export function correctionDialog(save) {
  const title = h('h2', { id: 'correct-title' });
  const status = h('select', { id: 'correct-status' },
    ['EXCUSED', 'PRESENT', 'LATE', 'ABSENT'].map((value) => h('option', { value }, STATUS_LABELS[value])));
  const reason = h('textarea', { id: 'correct-reason', required: true, maxlength: 500, rows: 3 });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save');
  const form = h('form', { method: 'dialog' },
    title,
    h('label', { for: 'correct-status' }, 'New status'), status,
    h('label', { for: 'correct-reason' }, 'Reason'), reason,
    error,
    h('div', { class: 'toolbar' },
      saveButton,
      h('button', { type: 'button', onclick: () => element.close() }, 'Cancel')));
  const element = h('dialog', { 'aria-labelledby': 'correct-title' }, form);
  let studentId = null;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    saveButton.disabled = true;
    try {
      await save(studentId, status.value, reason.value.trim());
      element.close();
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
    } finally {
      saveButton.disabled = false;
    }
  });

  return {
    element,
    open(student) {
      studentId = student.studentId;
      title.textContent = `Correct ${student.name}`;
      status.value = 'EXCUSED';
      reason.value = '';
      error.hidden = true;
      element.showModal();
      reason.focus();
    },
  };
}

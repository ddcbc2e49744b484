// Small DOM helpers. Views build elements with h() and never assign HTML strings, so names,
// reasons and error messages from the server are always shown as text.
import { STATUS_LABELS } from './format.js';

/**
 * h('button', { class: 'primary', onclick: save }, 'Save')
 * Attributes starting with "on" become listeners; true/false toggle boolean attributes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of an element. */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

let toastRegion;

/** A short message in the page's alert region (read out by screen readers). */
export function toast(message, kind = 'error') {
  toastRegion ??= document.getElementById('toasts');
  const item = h('div', { class: `toast ${kind}` }, message,
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
  toastRegion.append(item);
  setTimeout(() => item.remove(), 8000);
}

export { STATUS_LABELS } from './format.js';

export function statusBadge(status) {
  const key = status ?? 'PENDING';
  return h('span', { class: `badge status-${key.toLowerCase()}` }, STATUS_LABELS[key] ?? key);
}

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Saves a Blob as a file, as a download link the user clicked would. */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download may still be reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Sign in: POST /api/auth/token, then the app shows the view for the user's role.
import { signIn } from '../api.js';
import { h, replaceChildren } from '../ui.js';

export function render(main, { notice, onSignedIn }) {
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert', hidden: true });
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');

  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'signin-title', 'aria-describedby': 'signin-error' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    notice && h('p', { class: 'notice', role: 'status' }, notice),
    h('label', { for: 'username' }, 'User name'), username,
    h('label', { for: 'password' }, 'Password'), password,
    error,
    button,
    h('p', { class: 'hint' }, 'Demo users: lovelace (teacher), alice (student); password demo.'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    try {
      await signIn(username.value.trim(), password.value);
      onSignedIn();
    } catch (failure) {
      error.textContent = failure.status === 401
        ? 'Wrong user name or password.'
        : failure.status === 429 ? 'Too many attempts. Wait a minute and try again.' : `Could not sign in: ${failure.message}`;
      error.hidden = false;
      password.select();
      button.disabled = false;
    }
  });

  replaceChildren(main, form);
  username.focus();
}

/** Sign-in: the admin token alone, or a named user's name and password. */
import { api, ApiError, type SessionInfo } from '../api.js';
import { clear, h } from '../dom.js';

export function renderSignIn(root: HTMLElement, done: (who: SessionInfo) => void): void {
  const name = h('input', { id: 'sign-in-name', name: 'username', autocomplete: 'username', maxlength: 100 });
  const password = h('input', { id: 'sign-in-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1000 });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'sign-in', novalidate: true },
    h('h1', {}, 'leadq console'),
    h('label', { for: 'sign-in-name' }, 'Name ', h('small', {}, '(leave empty to use the admin token)')),
    name,
    h('label', { for: 'sign-in-password' }, 'Password or admin token'),
    password,
    h('button', { type: 'submit' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    if (password.value === '') {
      error.textContent = 'Enter the password or the admin token.';
      password.focus();
      return;
    }
    api
      .post<SessionInfo>('/console/api/sign-in', { name: name.value.trim(), password: password.value })
      .then(done)
      .catch((err: unknown) => {
        error.textContent = err instanceof ApiError ? err.message : 'Sign-in failed';
        password.select();
      });
  });
  clear(root, form);
  password.focus();
}

// <parley-sign-in>: the token form, as the page's first screen and, when a session ends, as a modal
// dialog over the work (the draft stays where it is, and in localStorage).
import { h } from './dom.js';
import { signIn } from './api.js';

export class ParleySignIn extends HTMLElement {
  connectedCallback() {
    if (this.form) return;
    this.input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
      'aria-describedby': 'token-help sign-in-error' });
    this.error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' });
    this.heading = h('h2', { id: 'sign-in-title' }, 'Sign in to the agent console');
    this.form = h('form', { id: 'sign-in', 'aria-labelledby': 'sign-in-title', onsubmit: (e) => this.submit(e) },
      this.heading,
      h('label', { for: 'token' }, 'Your agent API token'), this.input,
      h('p', { id: 'token-help', class: 'hint' }, 'An admin creates it for you (POST /api/tokens with role agent). '
        + 'It stays on the server: this page only keeps a session cookie.'),
      this.error, h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
    this.append(this.form);
  }

  ask(message) {
    this.heading.textContent = message || 'Sign in to the agent console';
    this.error.textContent = '';
    this.input.value = '';
    this.input.focus();
  }

  async submit(e) {
    e.preventDefault();
    this.error.textContent = '';
    try {
      const session = await signIn(this.input.value.trim());
      this.input.value = '';
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, detail: session }));
    } catch (err) {
      this.error.textContent = err.message;
      this.input.focus();
    }
  }
}

customElements.define('parley-sign-in', ParleySignIn);

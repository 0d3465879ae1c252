// <parley-canned-picker>: the canned responses (GET /api/canned-responses, written by admins), found by
// typing part of a name. Opened from the composer with Ctrl+/ (or its button); Up/Down choose, Enter
// inserts the chosen one with its placeholders filled from the ticket, Escape goes back to the reply.
import { h, channelLabel } from './dom.js';
import { get, me } from './api.js';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** What each placeholder stands for on this ticket; a value that is not known stays out. */
export function placeholderValues(ticket) {
  const last = [...(ticket.messages || [])].reverse().find((m) => m.direction === 'INBOUND');
  const handle = last && last.properties && last.properties['social.authorHandle'];
  const values = {
    'customer.name': ticket.requester && ticket.requester.displayName,
    'customer.handle': handle ? '@' + handle : null,
    'agent.name': me.name,
    'ticket.id': String(ticket.id),
    'ticket.subject': ticket.subject,
    'ticket.channel': channelLabel(ticket.channel),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v));
}

/** The text with every placeholder whose value is known filled; the others stay for the agent to see. */
export function fill(text, values) {
  const missing = new Set();
  const filled = text.replace(PLACEHOLDER, (whole, name) => {
    if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
    missing.add(whole);
    return whole;
  });
  return { text: filled, missing: [...missing] };
}

export class ParleyCannedPicker extends HTMLElement {
  connectedCallback() {
    if (this.input) return;
    this.hidden = true;
    this.input = h('input', {
      id: 'canned-search', type: 'text', role: 'combobox', autocomplete: 'off', 'aria-expanded': 'false',
      'aria-controls': 'canned-list', 'aria-autocomplete': 'list',
      oninput: () => this.filter(), onkeydown: (e) => this.keys(e),
    });
    this.list = h('ul', { id: 'canned-list', role: 'listbox', 'aria-label': 'Canned responses', class: 'canned-list' });
    this.status = h('p', { class: 'hint canned-status', role: 'status' });
    this.append(h('label', { for: 'canned-search' }, 'Canned response (type to find, Enter inserts, Esc cancels)'),
      this.input, this.list, this.status);
  }

  /** Shows the picker and loads the responses; calls onPick(response) with the chosen one. */
  async open(onPick) {
    this.onPick = onPick;
    this.hidden = false;
    this.input.value = '';
    this.input.setAttribute('aria-expanded', 'true');
    this.input.focus();
    this.status.textContent = 'Loading\u2026';
    try {
      this.all = (await get('/canned-responses')).cannedResponses || [];
      this.status.textContent = this.all.length ? '' : 'No canned responses yet: an admin adds them (POST /api/canned-responses).';
    } catch (e) {
      this.all = [];
      this.status.textContent = 'Could not load the canned responses: ' + e.message;
    }
    this.filter();
  }

  close() {
    this.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.dispatchEvent(new CustomEvent('canned-closed'));
  }

  filter() {
    const q = this.input.value.trim().toLowerCase();
    this.shown = (this.all || []).filter((r) => !q || r.name.toLowerCase().includes(q) || r.text.toLowerCase().includes(q));
    this.list.replaceChildren(...this.shown.map((r, i) => h('li', {
      role: 'option', id: `canned-${r.id}`, 'data-canned-id': r.id, 'aria-selected': 'false', class: 'canned-option',
      onmousedown: (e) => e.preventDefault(), onclick: () => { this.choose(i); this.pick(); },
    }, h('span', { class: 'canned-name' }, r.name), h('span', { class: 'canned-text' }, r.text))));
    this.choose(this.shown.length ? 0 : -1);
  }

  choose(index) {
    this.index = index;
    [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      this.input.setAttribute('aria-activedescendant', this.list.children[index].id);
      this.list.children[index].scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  pick() {
    const chosen = this.shown && this.shown[this.index];
    if (!chosen) return;
    this.close();
    this.onPick(chosen);
  }

  keys(e) {
    const n = (this.shown || []).length;
    if (e.key === 'ArrowDown' && n) { e.preventDefault(); this.choose((this.index + 1) % n); }
    else if (e.key === 'ArrowUp' && n) { e.preventDefault(); this.choose((this.index - 1 + n) % n); }
    else if (e.key === 'Enter') { e.preventDefault(); this.pick(); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this.close(); }
  }
}

customElements.define('parley-canned-picker', ParleyCannedPicker);

// <parley-queue>: the agent's ticket list. Views: mine, unassigned, all open, one channel, breaching
// soon (from the SLA plugin's clocks). Pages of 50 by the REST API's keyset cursor; live by the
// console stream; j/k move, Enter opens (the console wires the keys).
import { h, channelBadge, firstLine, announcer } from './dom.js';
import { get, me } from './api.js';

const OPEN = 'NEW,OPEN,PENDING';
const PAGE = 50;

export const VIEWS = {
  mine: { label: 'Mine', query: () => `status=${OPEN}&assignee=${encodeURIComponent(me.name || '')}` },
  unassigned: { label: 'Unassigned', query: () => `status=${OPEN}`, keep: (t) => !t.assignee },
  open: { label: 'All open', query: () => `status=${OPEN}` },
  breaching: { label: 'Breaching soon', sla: true },
};

export class ParleyQueue extends HTMLElement {
  constructor() {
    super();
    this.tickets = [];
    this.selected = -1;
    this.view = 'open';
    this.channel = '';
    this.cursor = null;
    this.loading = null;
    this.live = announcer();
  }

  connectedCallback() {
    if (this.list) return;
    this.status = h('p', { class: 'queue-status', role: 'status' });
    this.list = h('ul', { class: 'queue-list', role: 'listbox', 'aria-label': 'Tickets', tabindex: '0',
      onkeydown: (e) => this.keys(e), onfocus: () => { if (this.selected < 0 && this.tickets.length) this.select(0); } });
    this.more = h('button', { type: 'button', class: 'more', hidden: true, onclick: () => this.load(false) }, 'Load more');
    this.append(this.status, this.list, this.more, this.live.region);
  }

  /** Switches to a view (and channel for the channel view) and loads its first page. */
  show(view, channel = '') {
    this.view = view;
    this.channel = channel;
    this.cursor = null;
    this.tickets = [];
    this.selected = -1;
    this.list.replaceChildren();
    this.dataset.view = view;
    return this.load(true);
  }

  query() {
    const base = VIEWS[this.view].query();
    return this.channel ? `${base}&channel=${encodeURIComponent(this.channel)}` : base;
  }

  async load(first) {
    if (this.loading) return this.loading;
    const started = performance.now();
    this.status.textContent = 'Loading\u2026';
    this.loading = (async () => {
      try {
        const page = VIEWS[this.view].sla ? await this.slaPage() : await this.apiPage();
        this.add(page, false);
        this.count();
        if (first) this.dispatchEvent(new CustomEvent('queue-painted', { detail: { ms: performance.now() - started } }));
      } catch (e) {
        this.status.textContent = 'Could not load the queue: ' + e.message;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  count() {
    const n = this.tickets.length;
    this.status.textContent = n ? `${n} ticket${n === 1 ? '' : 's'}${this.more.hidden ? '' : ' (more below)'}` : 'No tickets in this view';
  }

  /** One page of /api/tickets; the unassigned view filters pages until it has a screenful. */
  async apiPage() {
    const keep = VIEWS[this.view].keep || (() => true);
    const found = [];
    do {
      const page = await get(`/tickets?${this.query()}&limit=${PAGE}${this.cursor ? '&cursor=' + encodeURIComponent(this.cursor) : ''}`);
      found.push(...page.tickets.filter(keep));
      this.cursor = page.nextCursor;
    } while (this.cursor && found.length < PAGE);
    this.more.hidden = !this.cursor;
    return found;
  }

  /** Breaching soon: the SLA plugin's open clocks, least time left first, a page at a time from the server. */
  async slaPage() {
    const channel = this.channel ? `&channel=${encodeURIComponent(this.channel)}` : '';
    const after = this.cursor ? `&cursor=${encodeURIComponent(this.cursor)}` : '';
    const page = await get(`/sla/tickets?limit=${PAGE}${channel}${after}`);
    this.cursor = page.nextCursor;
    this.more.hidden = !this.cursor;
    const tickets = await Promise.all((page.tickets || []).map((t) => get(`/tickets/${t.ticketId}`).catch(() => null)));
    return tickets.filter(Boolean);
  }

  /** Whether a ticket belongs in this view now. */
  fits(t) {
    if (!['NEW', 'OPEN', 'PENDING'].includes(t.status)) return false;
    if (this.channel && t.channel !== this.channel) return false;
    if (this.view === 'mine') return t.assignee === me.name;
    if (this.view === 'unassigned') return !t.assignee;
    return true;
  }

  add(tickets, atTop) {
    for (const t of tickets) {
      const row = this.row(t);
      if (atTop) {
        this.tickets.unshift(t);
        this.list.prepend(row);
        if (this.selected >= 0) this.selected += 1;
      } else {
        this.tickets.push(t);
        this.list.append(row);
      }
    }
  }

  /** A ticket changed (a live event): refresh, insert or drop its row. */
  async refresh(ticketId) {
    let t;
    try { t = await get(`/tickets/${ticketId}`); } catch (e) { return; }
    const index = this.tickets.findIndex((x) => x.id === ticketId);
    const fits = this.fits(t);
    if (index >= 0 && fits) {
      this.tickets[index] = t;
      const old = this.list.children[index];
      const row = this.row(t);
      if (index === this.selected) row.setAttribute('aria-selected', 'true');
      old.replaceWith(row);
    } else if (index >= 0) {
      this.tickets.splice(index, 1);
      this.list.children[index].remove();
      if (this.selected >= this.tickets.length) this.selected = this.tickets.length - 1;
    } else if (fits && !VIEWS[this.view].sla) {
      this.add([t], true);
      this.live.say(`New in the queue: ${t.subject}`);
      this.count();
    }
  }

  row(t) {
    const customer = t.messages && t.messages.find((m) => m.direction === 'INBOUND');
    const first = customer ? customer.text : t.subject;
    const sla = customElements.get('parley-sla-badge')
      ? h('parley-sla-badge', { ticket: t.id, token: 'console-session', 'base-url': '/agent' }) : null;
    const row = h('li', {
      role: 'option', 'aria-selected': 'false', id: `ticket-row-${t.id}`, 'data-ticket-id': t.id,
      'data-priority': t.priority, class: 'ticket-row',
      onclick: () => { this.select(this.tickets.findIndex((x) => x.id === t.id)); this.open(); },
    },
    h('span', { class: 'row-top' }, channelBadge(t.channel),
      h('span', { class: 'customer' }, t.requester ? t.requester.displayName : ''),
      h('span', { class: 'priority', 'data-priority': t.priority }, t.priority),
      h('span', { class: 'number' }, '#' + t.id)),
    h('span', { class: 'first-line' }, firstLine(first)),
    h('span', { class: 'row-bottom' },
      h('span', { class: 'tags' }, (t.tags || []).map((tag) => h('span', { class: 'tag' }, tag))),
      t.assignee ? h('span', { class: 'assignee' }, '\u2192 ' + t.assignee) : null, sla));
    return row;
  }

  select(index) {
    if (index < 0 || index >= this.tickets.length) return;
    const rows = this.list.children;
    if (this.selected >= 0 && rows[this.selected]) rows[this.selected].setAttribute('aria-selected', 'false');
    this.selected = index;
    rows[index].setAttribute('aria-selected', 'true');
    this.list.setAttribute('aria-activedescendant', rows[index].id);
    rows[index].scrollIntoView({ block: 'nearest' });
  }

  move(step) {
    if (!this.tickets.length) return;
    const next = Math.min(this.tickets.length - 1, Math.max(0, this.selected + step));
    this.select(next);
    if (next === this.tickets.length - 1 && !this.more.hidden) this.load(false);
  }

  open() {
    const t = this.tickets[this.selected];
    if (t) this.dispatchEvent(new CustomEvent('open-ticket', { bubbles: true, detail: { ticketId: t.id } }));
  }

  keys(e) {
    if (e.key === 'ArrowDown') { this.move(1); e.preventDefault(); }
    if (e.key === 'ArrowUp') { this.move(-1); e.preventDefault(); }
    if (e.key === 'Enter') { this.open(); e.preventDefault(); }
  }
}

customElements.define('parley-queue', ParleyQueue);

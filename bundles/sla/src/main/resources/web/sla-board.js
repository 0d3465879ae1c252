// <parley-sla-board>: the open queue by time left, live from /api/sla/stream, with the team's figures.
import {
  settings, getJson, AuthError, reportAuthError, subscribe, ticketOf, withDeadline, secondsLeft, stateNow,
  STATES, TARGETS, BINDINGS, VISIBILITIES, channelInfo, registerChannel, formatSeconds, h, icon, announcer, onTick,
} from './sla-core.js';
import { adopt, BASE, BOARD } from './sla-styles.js';

const OPEN = new Set(['NEW', 'OPEN', 'PENDING']);
const PRIORITIES = ['URGENT', 'HIGH', 'NORMAL', 'LOW'];
// the API's default page; a bigger queue is read on with "Show more"
const PAGE_SIZE = 200;

function describe(t, state, left) {
  const target = t.next ? `${TARGETS[t.next.target] || t.next.target} ${STATES[state].label.toLowerCase()} `
      + `(${(BINDINGS[t.next.binding] || [t.next.binding])[0]}), `
      + (left < 0 ? `${formatSeconds(-left)} overdue` : `${formatSeconds(left)} left`) : 'no running target';
  return `Ticket ${t.ticketId}: ${t.subject || 'no subject'}. ${target}. ${channelInfo(t.channel).label}, `
      + `${(VISIBILITIES[t.visibility] || ['', t.visibility])[1]}, priority ${t.priority.toLowerCase()}`;
}

export class ParleySlaBoard extends HTMLElement {
  static get observedAttributes() { return ['token', 'base-url', 'channel', 'priority', 'page-size']; }

  constructor() {
    super();
    this.tickets = new Map();
    this.rows = new Map();
    const root = this.attachShadow({ mode: 'open' });
    adopt(root, BASE, BOARD);
    this.live = announcer();
    this.link = h('span', { class: 'link muted', 'data-up': 'false' }, 'Connecting\u2026');
    // filters ask the server: the most urgent page of a channel may lie beyond the page loaded
    this.channelFilter = h('select', { 'aria-label': 'Filter by channel', onchange: () => this.reload() },
      h('option', { value: '' }, 'All channels'));
    this.priorityFilter = h('select', { 'aria-label': 'Filter by priority', onchange: () => this.reload() },
      h('option', { value: '' }, 'All priorities'), PRIORITIES.map((p) => h('option', { value: p }, p.toLowerCase())));
    this.body = h('tbody');
    this.message = h('p', { class: 'empty', role: 'status' }, 'Loading the queue\u2026');
    this.count = h('span', { class: 'muted count', role: 'status' });
    this.more = h('button', { type: 'button', class: 'more', hidden: '', onclick: () => this.loadMore() }, 'Show more');
    this.figures = h('div');
    root.append(
      h('header', {},
        h('h2', { id: 'title' }, 'SLA queue'),
        h('div', { class: 'filters' },
          h('label', {}, 'Channel', this.channelFilter), h('label', {}, 'Priority', this.priorityFilter), this.link)),
      h('table', { 'aria-labelledby': 'title' },
        h('caption', {}, 'Open tickets, the one due first on top. Rows are focusable: arrow keys move, Enter opens.'),
        h('thead', {}, h('tr', {}, ['State', 'Time left', 'Target', 'Ticket', 'Channel', 'Visibility', 'Priority']
          .map((c) => h('th', { scope: 'col' }, c)))),
        this.body),
      this.message,
      h('p', { class: 'paging' }, this.count, ' ', this.more),
      h('section', { class: 'figures', 'aria-labelledby': 'figures-title' },
        h('h3', { id: 'figures-title' }, 'Team responsiveness'), this.figures),
      this.live.region);
    this.body.addEventListener('keydown', (e) => this.onKey(e));
  }

  connectedCallback() { this.start(); }

  disconnectedCallback() { this.stop(); }

  attributeChangedCallback(name) {
    if (name === 'channel' || name === 'priority') {
      this.presetFilters();
      this.reload();
    } else if (this.isConnected) {
      this.stop();
      this.start();
    }
  }

  start() {
    this.cfg = settings(this);
    this.presetFilters();
    if (!this.cfg.token) {
      this.message.textContent = 'No API token: set the token attribute or window.ParleySla.token.';
      return;
    }
    this.unsubscribe = subscribe(this.cfg, (event) => this.onLive(event));
    this.untick = onTick(() => this.tick());
    this.statsTimer = setInterval(() => this.loadStats(), 60000);
    this.load();
  }

  stop() {
    if (this.unsubscribe) this.unsubscribe();
    if (this.untick) this.untick();
    clearInterval(this.statsTimer);
    this.unsubscribe = this.untick = null;
  }

  presetFilters() {
    this.ensureChannel(this.getAttribute('channel'));
    this.channelFilter.value = this.getAttribute('channel') || this.channelFilter.value;
    if (this.getAttribute('priority')) this.priorityFilter.value = this.getAttribute('priority').toUpperCase();
  }

  /** The channel filter offers the channels of the platforms installed now, before any ticket shows them. */
  async loadChannels() {
    try {
      const { channels } = await getJson(this.cfg, '/api/sla/channels');
      channels.forEach((c) => { registerChannel(c.channel, c.label); this.ensureChannel(c.channel); });
      this.presetFilters();
    } catch (e) {
      // an older host without the list: the filter still learns channels from the tickets
    }
  }

  async load() {
    await this.loadChannels();
    await this.reload();
    this.loadStats();
  }

  /** The first page of the queue for the filters set now, the most urgent first. */
  async reload() {
    if (!this.cfg || !this.cfg.token) return;
    try {
      const page = await this.page(null);
      this.tickets = new Map(page.tickets.map((t) => [t.ticketId, this.prepare(t)]));
      this.paged(page);
      this.render();
    } catch (e) {
      this.fail(e);
    }
  }

  async loadMore() {
    if (!this.cursor) return;
    this.more.disabled = true;
    try {
      const page = await this.page(this.cursor);
      page.tickets.forEach((t) => this.tickets.set(t.ticketId, this.prepare(t)));
      this.paged(page);
      this.render();
    } catch (e) {
      this.fail(e);
    } finally {
      this.more.disabled = false;
    }
  }

  page(cursor) {
    const size = Number(this.getAttribute('page-size')) || PAGE_SIZE;
    const query = new URLSearchParams({ limit: String(Math.min(Math.max(1, size), 1000)) });
    if (this.channelFilter.value) query.set('channel', this.channelFilter.value);
    if (this.priorityFilter.value) query.set('priority', this.priorityFilter.value);
    if (cursor) query.set('cursor', cursor);
    return getJson(this.cfg, '/api/sla/tickets?' + query);
  }

  paged(page) {
    this.cursor = page.nextCursor || null;
    this.more.hidden = !this.cursor;
    const total = page.total ?? this.tickets.size;
    this.count.textContent = this.cursor
      ? `Showing the ${this.tickets.size} most urgent of ${total} open tickets.` : '';
  }

  fail(error) {
    if (error instanceof AuthError) reportAuthError(this);
    this.message.textContent = 'Could not load the queue: ' + error.message;
    this.message.classList.add('error');
  }

  prepare(t) {
    this.ensureChannel(t.channel);
    return { ...t, next: withDeadline(t.nextDue) };
  }

  ensureChannel(channel) {
    if (!channel || [...this.channelFilter.options].some((o) => o.value === channel)) return;
    this.channelFilter.append(h('option', { value: channel }, channelInfo(channel).label));
  }

  onLive(event) {
    if (event.type === 'open') {
      this.setLink(true);
      this.load(); // whatever changed while we were away
    } else if (event.type === 'down') {
      this.setLink(false);
    } else if (event.type === 'auth-error') {
      reportAuthError(this);
    } else if (event.data) {
      this.upsert(ticketOf(event.data), event.type);
    }
  }

  setLink(up) {
    this.link.dataset.up = String(up);
    this.link.textContent = up ? 'Live' : 'Reconnecting\u2026';
  }

  upsert(t, kind) {
    if (!t || t.ticketId === undefined) return;
    const known = this.tickets.has(t.ticketId);
    if (!t.ticketStatus || !OPEN.has(t.ticketStatus)) {
      if (known) this.live.say(`Ticket ${t.ticketId} left the queue`);
      this.tickets.delete(t.ticketId);
    } else {
      this.tickets.set(t.ticketId, this.prepare(t));
      if (!known) this.live.say(`New ticket ${t.ticketId}: ${t.subject || 'no subject'}`);
      else if (kind === 'breached' || kind === 'warning') {
        this.live.say(`Ticket ${t.ticketId} ${kind === 'breached' ? 'breached' : 'is close to'} its target`);
      }
    }
    this.render();
  }

  visible() {
    const channel = this.channelFilter.value;
    const priority = this.priorityFilter.value;
    const order = (t) => (t.next ? (t.next.running ? 0 : 1) : 2);
    return [...this.tickets.values()]
      .filter((t) => (!channel || t.channel === channel) && (!priority || t.priority === priority))
      .sort((a, b) => order(a) - order(b) || (secondsLeft(a.next) ?? 0) - (secondsLeft(b.next) ?? 0)
        || a.ticketId - b.ticketId);
  }

  render() {
    const focused = this.shadowRoot.activeElement?.dataset?.ticketId;
    const list = this.visible();
    this.rows = new Map(list.map((t) => [t.ticketId, this.row(t)]));
    this.body.replaceChildren(...this.rows.values());
    this.message.classList.remove('error');
    this.message.hidden = list.length > 0;
    this.message.textContent = this.tickets.size ? 'No open ticket matches the filters.' : 'No open tickets.';
    if (focused && this.rows.get(Number(focused))) this.rows.get(Number(focused)).focus();
  }

  row(t) {
    const channel = channelInfo(t.channel);
    const [visIcon, visLabel] = VISIBILITIES[t.visibility] || ['?', t.visibility];
    // which deadline binds, always written out: a platform window changes who may still answer
    const [bindingLabel, bindingTitle] = t.next ? BINDINGS[t.next.binding] || [t.next.binding, ''] : [];
    const binding = t.next ? h('span', { class: 'muted binding', title: bindingTitle }, ` (${bindingLabel})`) : null;
    const tr = h('tr', { tabindex: '0', 'data-ticket-id': t.ticketId, 'data-binding': t.next ? t.next.binding : '' },
      h('td', {}, h('span', { class: 'state' }, h('span', { 'aria-hidden': 'true', class: 'icon' }), h('span', { class: 'label' }))),
      h('td', { class: 'countdown' }),
      h('td', {}, t.next ? TARGETS[t.next.target] || t.next.target : '\u2014', binding),
      h('td', { class: 'subject' }, h('span', { class: 'muted' }, `#${t.ticketId} `), h('span', { class: 'text' }, t.subject || '')),
      h('td', { class: 'tag' }, icon(channel.icon), ' ', channel.label),
      h('td', { class: 'tag' }, icon(visIcon), ' ', visLabel),
      h('td', {}, t.priority.toLowerCase()));
    tr.ticket = t;
    this.paint(tr);
    return tr;
  }

  /** Updates a row's countdown and state in place, so ticking never moves keyboard focus. */
  paint(tr) {
    const t = tr.ticket;
    const state = t.next ? stateNow(t.next) : 'MET';
    const left = t.next ? secondsLeft(t.next) : null;
    const pill = tr.querySelector('.state');
    if (pill.dataset.state !== state) {
      pill.dataset.state = state;
      tr.dataset.state = state;
      pill.querySelector('.icon').textContent = STATES[state].icon;
      pill.querySelector('.label').textContent = t.next ? STATES[state].label : 'No target';
    }
    tr.querySelector('.countdown').textContent = left === null ? '\u2014'
      : left < 0 ? `${formatSeconds(-left)} overdue` : formatSeconds(left);
    tr.setAttribute('aria-label', describe(t, state, left));
    return state;
  }

  tick() {
    for (const tr of this.rows.values()) {
      const before = tr.dataset.state;
      if (this.paint(tr) === 'BREACHED' && before !== 'BREACHED') {
        this.live.say(`Ticket ${tr.ticket.ticketId} breached its ${(TARGETS[tr.ticket.next.target] || '').toLowerCase()} target`);
      }
    }
  }

  onKey(event) {
    const tr = event.target.closest('tr');
    if (!tr) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = event.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      if (next) next.focus();
      event.preventDefault();
    } else if (event.key === 'Enter') {
      // the embedding helpdesk decides what opening a ticket means
      this.dispatchEvent(new CustomEvent('parley-sla-open', { detail: { ticketId: tr.ticket.ticketId }, bubbles: true, composed: true }));
    }
  }

  async loadStats() {
    if (!this.cfg || !this.cfg.token) return;
    try {
      const { channels } = await getJson(this.cfg, '/api/sla/stats');
      this.figures.replaceChildren(channels.length ? this.statsTable(channels)
        : h('p', { class: 'muted' }, 'No tickets in the last 30 days.'));
    } catch (e) {
      if (e instanceof AuthError) reportAuthError(this);
      this.figures.replaceChildren(h('p', { class: 'error' }, 'Figures unavailable: ' + e.message));
    }
  }

  statsTable(channels) {
    const pct = (v) => (v === null || v === undefined ? '\u2014' : `${Math.round(v)}%`);
    const min = (v) => (v === null || v === undefined ? '\u2014' : formatSeconds(Math.round(v * 60)));
    const rows = channels.map((c) => {
      const week = c.periods['7d'];
      const slice = week.private.tickets ? week.private : week.public;
      const channel = channelInfo(c.channel);
      return h('tr', {},
        h('th', { scope: 'row', class: 'tag' }, icon(channel.icon), ' ',
          channel.label, c.group ? ` \u00B7 ${c.group}` : ''),
        h('td', {}, `${slice.replied}/${slice.tickets}`), h('td', {}, pct(slice.responseRatePercent)),
        h('td', {}, min(slice.medianMinutes)), h('td', {}, min(slice.p90Minutes)), h('td', {}, pct(slice.withinTargetPercent)),
        h('td', {}, c.badge || 'no badge yet',
          c.warnings.map((w) => h('div', { class: 'warning' }, h('span', { 'aria-hidden': 'true' }, '\u26A0 '), w))));
    });
    return h('table', { 'aria-labelledby': 'figures-title' },
      h('caption', {}, 'Last 7 days, private conversations (public where there are none).'),
      h('thead', {}, h('tr', {}, ['Channel', 'Replied', 'Response rate', 'Median', 'p90', 'Within target', 'Badge']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows));
  }
}

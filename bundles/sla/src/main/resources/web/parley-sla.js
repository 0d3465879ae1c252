// Parley SLA web components. Embed with one tag:
//   <script type="module" src="https://parley.example/sla/parley-sla.js"></script>
//   <parley-sla-board></parley-sla-board>  <parley-sla-badge ticket="123"></parley-sla-badge>
//   <parley-responsiveness channel="messenger"></parley-responsiveness>
// Auth: a token="..." attribute, or window.ParleySla = {token, baseUrl} set before the tag.
import {
  settings, getJson, AuthError, reportAuthError, subscribe, ticketOf, withDeadline, secondsLeft, stateNow,
  STATES, TARGETS, BINDINGS, channelInfo, formatSeconds, h, announcer, onTick,
} from './sla-core.js';
import { adopt, BASE, BADGE, RESPONSIVENESS } from './sla-styles.js';
import { ParleySlaBoard } from './sla-board.js';

/** Shared life cycle: (re)start on connection and on token/base-url changes, stop on removal. */
class LiveElement extends HTMLElement {
  connectedCallback() { this.restart(); }

  disconnectedCallback() { this.stop(); }

  attributeChangedCallback() { if (this.isConnected) this.restart(); }

  restart() {
    this.stop();
    this.cfg = settings(this);
    if (!this.cfg.token) {
      this.showError('no API token');
      return;
    }
    this.start();
  }

  stop() {
    (this.cleanups || []).forEach((cleanup) => cleanup());
    this.cleanups = [];
  }

  handle(error) {
    if (error instanceof AuthError) reportAuthError(this);
    this.showError(error.message);
  }
}

/** <parley-sla-badge ticket="123">: one ticket's next due target and its countdown. */
class ParleySlaBadge extends LiveElement {
  static get observedAttributes() { return ['ticket', 'token', 'base-url']; }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adopt(root, BASE, BADGE);
    this.live = announcer();
    this.pill = h('span', { class: 'state' }, h('span', { class: 'icon', 'aria-hidden': 'true' }), h('span', { class: 'label' }));
    this.what = h('span', {});
    this.countdown = h('span', { class: 'countdown' });
    this.box = h('span', { class: 'badge', role: 'group' }, this.pill, this.what, this.countdown);
    root.append(this.box, this.live.region);
  }

  start() {
    const id = Number(this.getAttribute('ticket'));
    if (!Number.isInteger(id) || id <= 0) {
      this.showError('the ticket attribute must be a ticket number');
      return;
    }
    const load = () => getJson(this.cfg, `/api/sla/tickets/${id}`).then((t) => this.show(t), (e) => this.handle(e));
    this.cleanups.push(subscribe(this.cfg, (event) => {
      if (event.type === 'open') load();
      else if (event.type === 'auth-error') reportAuthError(this);
      else if (event.data && ticketOf(event.data).ticketId === id) this.show(ticketOf(event.data), event.type);
    }));
    this.cleanups.push(onTick(() => this.paint()));
    load();
  }

  show(ticket, kind) {
    this.ticket = ticket;
    this.next = withDeadline(ticket.nextDue);
    if (kind === 'breached' || kind === 'warning') this.live.say(`Ticket ${ticket.ticketId}: ${kind}`);
    this.paint();
  }

  paint() {
    if (!this.ticket) return;
    const next = this.next;
    const state = next ? stateNow(next) : 'MET';
    const left = next ? secondsLeft(next) : null;
    this.pill.dataset.state = state;
    this.pill.querySelector('.icon').textContent = STATES[state].icon;
    this.pill.querySelector('.label').textContent = next ? STATES[state].label : 'No target running';
    this.what.textContent = next ? `${TARGETS[next.target] || next.target} (${(BINDINGS[next.binding] || [next.binding])[0]})` : '';
    this.what.title = next ? (BINDINGS[next.binding] || ['', ''])[1] : '';
    this.countdown.textContent = left === null ? '' : left < 0 ? `${formatSeconds(-left)} overdue` : `due in ${formatSeconds(left)}`;
    this.box.setAttribute('aria-label', `Ticket ${this.ticket.ticketId} SLA: ${this.pill.textContent}, ${this.what.textContent} ${this.countdown.textContent}`);
  }

  showError(message) {
    this.ticket = null;
    this.pill.dataset.state = '';
    this.pill.querySelector('.label').textContent = 'SLA unavailable';
    this.what.textContent = '';
    this.countdown.textContent = message;
  }
}

/**
 * <parley-responsiveness channel="messenger">: the badge text a customer would see ("typically
 * replies within 15 minutes") and, unless customer-view is set, the warning that the badge is at risk.
 */
class ParleyResponsiveness extends LiveElement {
  static get observedAttributes() { return ['channel', 'group', 'customer-view', 'token', 'base-url']; }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adopt(root, BASE, RESPONSIVENESS);
    this.text = h('span', { class: 'text' });
    this.warnings = h('span', { role: 'status' });
    root.append(h('span', { class: 'responsiveness' }, this.text, this.warnings));
  }

  start() {
    const load = () => getJson(this.cfg, '/api/sla/stats').then((s) => this.show(s.channels), (e) => this.handle(e));
    let pending = null;
    this.cleanups.push(subscribe(this.cfg, (event) => {
      if (event.type === 'auth-error') reportAuthError(this);
      // figures move slowly: refresh at most every 10 s however busy the stream is
      else if ((event.type === 'open' || event.type === 'changed') && !pending) pending = setTimeout(() => { pending = null; load(); }, event.type === 'open' ? 0 : 10000);
    }));
    const timer = setInterval(load, 60000);
    this.cleanups.push(() => { clearInterval(timer); clearTimeout(pending); });
    load();
  }

  show(channels) {
    const channel = (this.getAttribute('channel') || '').toLowerCase();
    const group = this.getAttribute('group');
    const figures = channels.find((c) => c.channel === channel && (c.group || null) === (group || null))
      || channels.find((c) => c.channel === channel);
    const label = channelInfo(channel).label;
    this.text.textContent = figures && figures.badge ? figures.badge : `${label}: no response time to show yet`;
    this.setAttribute('aria-label', `${label} responsiveness: ${this.text.textContent}`);
    const warnings = figures && !this.hasAttribute('customer-view') ? figures.warnings : [];
    this.warnings.replaceChildren(...warnings.map((w) => h('span', { class: 'warning' },
      h('span', { 'aria-hidden': 'true' }, '\u26A0 '), w)));
  }

  showError(message) {
    this.text.textContent = 'Responsiveness unavailable: ' + message;
    this.warnings.replaceChildren();
  }
}

const define = (name, type) => { if (!customElements.get(name)) customElements.define(name, type); };
define('parley-sla-board', ParleySlaBoard);
define('parley-sla-badge', ParleySlaBadge);
define('parley-responsiveness', ParleyResponsiveness);

export { ParleySlaBoard, ParleySlaBadge, ParleyResponsiveness };

// <parley-console>: the agent console. Signs in, lays out the queue, the conversation with its composer
// and the side panel, keeps them live from /agent/events, and wires the keyboard: j/k move in the
// queue, Enter opens, r replies, e solves the open ticket, Escape goes back to the queue.
import { h, typingIn, announcer } from './dom.js';
import { currentSession, signOut, onExpired, liveEvents, here, leave, presenceNow, patch, me, SessionExpired } from './api.js';
import './sign-in.js';
import { VIEWS } from './queue.js';
import './conversation.js';
import './composer.js';
import './side-panel.js';

// the SLA plugin's components, when it is installed (the console works without them)
const slaComponents = import('/sla/parley-sla.js').then(() => true, () => false);
const CHANNELS = ['x', 'messenger', 'instagram', 'facebook', 'whatsapp'];
const HEARTBEAT_MS = 20000;

class ParleyConsole extends HTMLElement {
  async connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.live = announcer();
    this.presence = new Map();
    this.signInBox = h('parley-sign-in', {});
    this.dialog = h('dialog', { class: 'sign-in-dialog', 'aria-label': 'Sign in again' });
    this.append(this.live.region);
    this.addEventListener('signed-in', () => this.signedIn());
    onExpired(() => this.expired());
    let session = null;
    try { session = await currentSession(); } catch (e) { /* treated as signed out */ }
    await slaComponents;
    if (session) this.build();
    else {
      this.append(h('main', { class: 'first-sign-in' }, this.signInBox));
      this.signInBox.ask();
    }
  }

  signedIn() {
    if (this.dialog.open) {
      this.dialog.close();
      this.startStream();
      this.live.say('Signed in again; your draft is still here.');
      if (this.ticketId) this.composer.check();
      return;
    }
    const first = this.querySelector('main.first-sign-in');
    if (first) first.remove();
    this.build();
  }

  expired() {
    if (!this.app || this.dialog.open) return;
    if (this.stopStream) this.stopStream();
    this.dataset.live = 'false';
    this.dialog.append(this.signInBox);
    this.dialog.showModal();
    this.signInBox.ask('Your session ended: sign in again (your draft is kept)');
  }

  build() {
    this.who = h('span', { class: 'who' });
    this.link = h('span', { class: 'link-state', role: 'status' });
    const viewButtons = Object.entries(VIEWS).map(([id, v]) => h('button', {
      type: 'button', 'data-view': id, 'aria-pressed': 'false', onclick: () => this.showView(id),
    }, v.label));
    this.channelSelect = h('select', { id: 'channel-filter', onchange: () => this.showView(this.view) },
      h('option', { value: '' }, 'every channel'), CHANNELS.map((c) => h('option', { value: c }, c)));
    this.queue = h('parley-queue', {});
    this.conversation = h('parley-conversation', {});
    this.composer = h('parley-composer', { hidden: true });
    this.panel = h('parley-side-panel', { hidden: true });
    this.app = h('div', { class: 'app' },
      h('header', { class: 'bar' }, h('h1', {}, 'Parley'), this.who, this.link,
        h('button', { type: 'button', class: 'sign-out', onclick: () => this.signOut() }, 'Sign out')),
      h('nav', { class: 'views', 'aria-label': 'Queue views' }, viewButtons,
        h('label', { for: 'channel-filter' }, 'Channel'), this.channelSelect),
      h('main', { class: 'workspace' },
        h('section', { id: 'queue-section', 'aria-label': 'Queue', tabindex: '-1' }, this.queue),
        h('section', { id: 'conversation-section', 'aria-label': 'Conversation' }, this.conversation, this.composer),
        h('aside', { id: 'details', 'aria-label': 'Ticket details' }, this.panel)),
      h('footer', { class: 'keys' }, 'Keys: j/k move \u00B7 Enter open \u00B7 r reply \u00B7 e solve \u00B7 Esc back to the queue \u00B7 Ctrl+Enter send'));
    this.append(this.app, this.dialog);
    this.who.textContent = `${me.name} (${me.role})`;
    this.addEventListener('open-ticket', (e) => this.open(e.detail.ticketId));
    this.addEventListener('reply-to', (e) => this.composer.replyTo(e.detail.message));
    this.addEventListener('message-sent', (e) => this.refreshTicket(e.detail.ticketId));
    this.addEventListener('ticket-changed', (e) => this.refreshTicket(e.detail.ticket.id));
    this.addEventListener('parley-sla-auth-error', () => currentSession().then((s) => { if (!s) this.expired(); }, () => {}));
    this.queue.addEventListener('queue-painted', () => requestAnimationFrame(() => {
      this.dataset.queuePaintedMs = String(Math.round(performance.now()));
    }));
    document.addEventListener('keydown', (e) => this.keys(e));
    this.startStream();
    this.heartbeat = setInterval(() => here(this.ticketId, this.composer.typing), HEARTBEAT_MS);
    window.addEventListener('pagehide', () => leave());
    this.showView('open');
    here(0, false);
  }

  showView(view) {
    this.view = view;
    for (const b of this.querySelectorAll('.views button[data-view]')) b.setAttribute('aria-pressed', String(b.dataset.view === view));
    return this.queue.show(view, this.channelSelect.value);
  }

  startStream() {
    if (this.stopStream) this.stopStream();
    const pending = new Map();
    this.stopStream = liveEvents((event) => {
      if (event.type === 'open') {
        this.dataset.live = 'true';
        this.link.textContent = 'live';
        // who was already somewhere before this stream (re)connected
        presenceNow().then((all) => {
          this.presence = new Map(all.map((p) => [p.agent, p]));
          this.showPresence();
        }, () => {});
      } else if (event.type === 'down') {
        this.dataset.live = 'false';
        this.link.textContent = 'reconnecting\u2026';
      } else if (event.type === 'ticket') {
        // several events of one ticket in a burst: one refresh
        const id = event.data.ticketId;
        clearTimeout(pending.get(id));
        pending.set(id, setTimeout(() => { pending.delete(id); this.ticketEvent(id); }, 80));
      } else if (event.type === 'presence') {
        const p = event.data;
        if (p.gone) this.presence.delete(p.agent); else this.presence.set(p.agent, p);
        this.showPresence();
      }
    });
  }

  ticketEvent(id) {
    this.queue.refresh(id);
    if (id === this.ticketId) this.refreshTicket(id);
  }

  async refreshTicket(id) {
    if (id !== this.ticketId) {
      this.queue.refresh(id);
      return;
    }
    try {
      const ticket = await this.conversation.open(id);
      if (!ticket) return;
      this.composer.ticketChanged(ticket);
      this.panel.renderEdit(ticket);
      this.panel.ticket = ticket;
    } catch (e) { /* an expired session shows the dialog */ }
  }

  showPresence() {
    const others = [...this.presence.values()].filter((p) => p.agent !== me.name && this.ticketId && p.ticketId === this.ticketId);
    this.conversation.showPresence(others);
  }

  async open(ticketId) {
    this.ticketId = ticketId;
    try {
      const ticket = await this.conversation.open(ticketId);
      if (!ticket) return;
      this.composer.hidden = false;
      this.panel.hidden = false;
      this.composer.load(ticket);
      here(ticketId, false);
      this.showPresence();
      this.conversation.heading.focus();
      await this.panel.show(ticket);
    } catch (e) {
      if (!(e instanceof SessionExpired)) this.live.say('Could not open the ticket: ' + e.message);
    }
  }

  async solve() {
    if (!this.ticketId) return;
    try {
      await patch(`/tickets/${this.ticketId}`, { status: 'SOLVED' });
      this.live.say(`Ticket ${this.ticketId} solved`);
      this.refreshTicket(this.ticketId);
    } catch (e) {
      this.live.say('Not solved: ' + e.message);
    }
  }

  keys(e) {
    if (this.dialog.open || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') { this.queue.list.focus(); return; }
    if (typingIn(e)) return;
    const actions = {
      j: () => { this.queue.move(1); this.queue.list.focus(); },
      k: () => { this.queue.move(-1); this.queue.list.focus(); },
      Enter: () => this.queue.open(),
      r: () => { if (this.ticketId) this.composer.text.focus(); },
      e: () => this.solve(),
    };
    if (e.key === 'Enter' && e.target !== document.body) return; // the queue and buttons handle their own Enter
    if (actions[e.key]) { e.preventDefault(); actions[e.key](); }
  }

  async signOut() {
    if (this.stopStream) this.stopStream();
    clearInterval(this.heartbeat);
    await signOut();
    location.reload();
  }
}

customElements.define('parley-console', ParleyConsole);

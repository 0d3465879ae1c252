// <parley-conversation>: one ticket's messages in order. Public posts, DMs and internal notes look
// different (and say so in words); the message answered is quoted; attachments show (pictures inline,
// other files as downloads from the attachment store); each outgoing message shows its delivery live,
// a failed one with the platform's reason and a retry.
import { h, VISIBILITY, time, firstLine, channelBadge } from './dom.js';
import { get, post } from './api.js';

const IN_REPLY_TO = 'parley.inReplyTo';

export class ParleyConversation extends HTMLElement {
  connectedCallback() {
    if (this.body) return;
    this.heading = h('h2', { id: 'conversation-title', tabindex: '-1' }, 'No ticket open');
    this.presence = h('p', { class: 'presence', role: 'status', 'aria-live': 'polite' });
    this.body = h('ol', { class: 'messages', 'aria-labelledby': 'conversation-title' });
    this.empty = h('p', { class: 'hint' }, 'Pick a ticket from the queue (j/k to move, Enter to open).');
    this.append(this.heading, this.presence, this.empty, this.body);
  }

  async open(ticketId) {
    this.ticketId = ticketId;
    const ticket = await get(`/tickets/${ticketId}`);
    if (this.ticketId !== ticketId) return null;
    this.render(ticket);
    return ticket;
  }

  render(ticket) {
    this.ticket = ticket;
    this.dataset.ticketId = ticket.id;
    this.empty.hidden = true;
    this.heading.replaceChildren(channelBadge(ticket.channel), ' ', h('span', { class: 'subject' }, ticket.subject),
      ' ', h('span', { class: 'number' }, '#' + ticket.id), ' ', h('span', { class: 'status' }, ticket.status));
    const byId = new Map(ticket.messages.map((m) => [m.id, m]));
    this.body.replaceChildren(...ticket.messages.map((m) => this.message(m, byId)));
  }

  message(m, byId) {
    const kind = m.visibility === 'INTERNAL_NOTE' ? 'note' : m.visibility === 'PUBLIC' ? 'public' : 'private';
    const retracted = m.properties && m.properties['social.retractedAt'];
    const answered = m.properties && byId.get(Number(m.properties[IN_REPLY_TO]));
    const who = m.author ? m.author.name : '';
    const item = h('li', {
      class: `message ${kind} ${m.direction === 'INBOUND' ? 'inbound' : 'outbound'}${retracted ? ' retracted' : ''}`,
      'data-message-id': m.id, 'data-visibility': m.visibility, 'data-direction': m.direction,
      'aria-label': `${VISIBILITY[m.visibility] || m.visibility} from ${who}`,
    },
    h('div', { class: 'meta' },
      h('span', { class: 'kind' }, kind === 'public' ? '\u25C9 ' : kind === 'private' ? '\u25A0 ' : '\u270E ', VISIBILITY[m.visibility] || m.visibility),
      h('span', { class: 'author' }, who),
      h('time', { datetime: m.createdAt }, time(m.createdAt))),
    answered ? h('blockquote', { class: 'quoted' }, h('span', { class: 'sr-only' }, 'In reply to: '),
      firstLine(answered.text, 160)) : null,
    retracted ? h('p', { class: 'retracted-note' }, 'The customer retracted this message.') : null,
    h('p', { class: 'text' }, m.text),
    m.attachments && m.attachments.length ? h('ul', { class: 'attachments', 'aria-label': 'Attachments' },
      m.attachments.map((a) => attachment(a, m))) : null,
    m.direction === 'OUTBOUND' && m.delivery && m.delivery !== 'NONE' ? this.delivery(m) : null,
    m.direction === 'INBOUND' ? h('button', {
      type: 'button', class: 'link reply-to',
      onclick: () => this.dispatchEvent(new CustomEvent('reply-to', { bubbles: true, detail: { message: m } })),
    }, 'Reply to this') : null);
    return item;
  }

  delivery(m) {
    const box = h('p', { class: 'delivery', 'data-delivery': m.delivery, role: 'status' },
      h('span', { class: 'state' }, m.delivery),
      m.deliveryDetail && m.delivery === 'FAILED' ? h('span', { class: 'reason' }, ' \u2014 ' + m.deliveryDetail) : null);
    if (m.delivery === 'FAILED') {
      box.append(' ', h('button', { type: 'button', class: 'retry', onclick: () => this.retry(m) }, 'Retry'));
    }
    return box;
  }

  /** Sends a failed message again, as a new message with the same text, attachments, visibility and answered post. */
  async retry(m) {
    const body = { text: m.text, visibility: m.visibility };
    if (m.properties && m.properties[IN_REPLY_TO]) body.inReplyTo = Number(m.properties[IN_REPLY_TO]);
    const links = (m.attachments || []).filter((a) => /^https?:/.test(a.url || ''));
    if (links.length) body.attachments = links.map((a) => ({ mediaType: a.mediaType, url: a.url, name: a.name }));
    try {
      await post(`/tickets/${this.ticketId}/messages`, body);
      await this.open(this.ticketId);
    } catch (e) {
      this.presence.textContent = 'Retry refused: ' + e.message;
    }
  }

  /** Who else is here, from the presence events. */
  showPresence(others) {
    this.presence.textContent = others.length
      ? 'Also here: ' + others.map((p) => p.agent + (p.typing ? ' (typing\u2026)' : '')).join(', ') : '';
  }
}

function attachment(a, m) {
  const href = a.url && a.url.startsWith('/api/') ? '/agent' + a.url : null;
  const label = a.name || a.mediaType || 'attachment';
  if (!href || a.state === 'PENDING' || a.state === 'FAILED') {
    return h('li', { class: 'attachment' }, `${label} (${a.state === 'FAILED' ? 'not kept: ' + (a.reason || 'failed') : 'being fetched'})`);
  }
  if ((a.mediaType || '').startsWith('image/')) {
    return h('li', { class: 'attachment image' }, h('a', { href, target: '_blank', rel: 'noopener' },
      h('img', { src: href, alt: `Picture sent by ${m && m.direction === 'OUTBOUND' ? 'the agent' : 'the customer'}`
        + (a.name ? `: ${a.name}` : ` (${a.mediaType})`), loading: 'lazy' })));
  }
  return h('li', { class: 'attachment' }, h('a', { href, download: '' }, `Download ${label}`));
}

customElements.define('parley-conversation', ParleyConversation);

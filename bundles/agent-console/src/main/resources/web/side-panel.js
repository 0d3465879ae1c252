// <parley-side-panel>: the customer, the SLA clocks (the SLA plugin's components), why the ticket is
// where it is (the escalation audit: which rules fired, what they set, and a fresh explain), and the
// ticket's status, priority, assignee and tags, editable.
import { h, channelLabel, time } from './dom.js';
import { get, post, patch, me } from './api.js';

const TARGETS = { FIRST_REPLY: 'First reply', NEXT_REPLY: 'Next reply', RESOLUTION: 'Resolution' };

export class ParleySidePanel extends HTMLElement {
  connectedCallback() {
    if (this.sections) return;
    this.customer = h('section', { 'aria-labelledby': 'customer-heading' }, h('h3', { id: 'customer-heading' }, 'Customer'));
    this.sla = h('section', { 'aria-labelledby': 'sla-heading' }, h('h3', { id: 'sla-heading' }, 'SLA'));
    this.why = h('section', { class: 'why', 'aria-labelledby': 'why-heading' }, h('h3', { id: 'why-heading' }, 'Why'));
    this.edit = h('section', { 'aria-labelledby': 'edit-heading' }, h('h3', { id: 'edit-heading' }, 'Ticket'));
    this.sections = [this.customer, this.sla, this.why, this.edit];
    this.append(...this.sections);
  }

  async show(ticket) {
    this.ticket = ticket;
    this.renderCustomer(ticket);
    this.renderEdit(ticket);
    await Promise.all([this.renderSla(ticket), this.renderWhy(ticket), this.renderOtherConversations(ticket)]);
  }

  renderCustomer(t) {
    const c = t.requester || {};
    const last = [...t.messages].reverse().find((m) => m.direction === 'INBOUND');
    const p = (last && last.properties) || {};
    const handle = p['social.authorHandle'];
    this.others = h('ul', { class: 'other-tickets', 'aria-label': 'Other conversations of this customer' });
    this.customer.replaceChildren(this.customer.firstChild,
      h('div', { class: 'person' },
        c.avatarUrl ? h('img', { class: 'avatar', src: c.avatarUrl, alt: '', width: '40', height: '40' }) : null,
        h('div', {},
          h('p', { class: 'name' }, c.displayName || 'Unknown customer', p['social.verified'] === 'true'
            ? h('span', { class: 'verified', title: 'Verified account' }, ' \u2714 verified') : null),
          handle ? h('p', { class: 'handle' }, '@' + handle + ' on ' + channelLabel(t.channel)) : null,
          p['social.followerCount'] ? h('p', { class: 'followers' }, Number(p['social.followerCount']).toLocaleString() + ' followers') : null)),
      identities(c), h('h4', {}, 'Conversations on every channel'), this.others);
  }

  async renderOtherConversations(t) {
    if (!t.requester) return;
    try {
      const page = await get(`/tickets?requester=${t.requester.id}&limit=20`);
      this.others.replaceChildren(...page.tickets.map((o) => h('li', {},
        h('button', { type: 'button', class: 'link', 'aria-current': o.id === t.id ? 'true' : null,
          onclick: () => this.dispatchEvent(new CustomEvent('open-ticket', { bubbles: true, detail: { ticketId: o.id } })) },
        `#${o.id} ${channelLabel(o.channel)} \u00B7 ${o.status} \u00B7 ${o.subject}`))));
      if (page.nextCursor) this.others.append(h('li', { class: 'hint' }, 'and older ones'));
    } catch (e) {
      this.others.replaceChildren(h('li', {}, 'Could not list them: ' + e.message));
    }
  }

  async renderSla(t) {
    const heading = this.sla.firstChild;
    const badge = customElements.get('parley-sla-badge')
      ? h('parley-sla-badge', { ticket: t.id, token: 'console-session', 'base-url': '/agent' }) : null;
    if (!badge) {
      this.sla.replaceChildren(heading, h('p', { class: 'hint' }, 'The SLA plugin is not installed.'));
      return;
    }
    const clocks = h('dl', { class: 'clocks' });
    this.sla.replaceChildren(heading, badge, clocks);
    try {
      const sla = await get(`/sla/tickets/${t.id}`);
      for (const target of sla.targets || []) {
        clocks.append(h('dt', {}, TARGETS[target.target] || target.target),
          h('dd', { 'data-state': target.state }, `${target.state} \u00B7 due ${target.due ? time(target.due) : '\u2014'} (${target.binding === 'POLICY' ? 'policy' : target.binding === 'PLATFORM_WINDOW' ? 'platform 24 h window' : 'human-agent window'})`));
      }
    } catch (e) {
      clocks.append(h('dd', {}, 'No clocks: ' + e.message));
    }
  }

  async renderWhy(t) {
    const heading = this.why.firstChild;
    const list = h('ol', { class: 'fired', 'aria-label': 'Rules that fired on this ticket' });
    const explain = h('button', { type: 'button', onclick: () => this.explain(t, result) }, 'Explain again now');
    const result = h('div', { class: 'explain-result', role: 'status' });
    this.why.replaceChildren(heading, list, explain, result);
    try {
      const audit = await get(`/tickets/${t.id}/escalations`);
      if (!audit.escalations.length) list.append(h('li', { class: 'hint' }, 'No rule has acted on this ticket.'));
      for (const e of audit.escalations) list.append(firing(e.rule, e.why, e.actions, e.trigger, e.at));
    } catch (e) {
      list.append(h('li', { class: 'hint' }, e.status === 404 ? 'The escalation plugin is not installed.' : 'Could not read the rules: ' + e.message));
      explain.hidden = true;
    }
  }

  async explain(t, result) {
    try {
      const answer = await post('/escalation/explain', { ticketId: t.id });
      result.replaceChildren(h('h4', {}, 'If the latest message came in now'),
        answer.fired.length ? h('ol', {}, answer.fired.map((f) => firing(f.rule, f.why, f.actions))) : h('p', {}, 'No rule would fire.'));
    } catch (e) {
      result.textContent = 'Could not explain: ' + e.message;
    }
  }

  renderEdit(t) {
    const heading = this.edit.firstChild;
    const select = (name, values, current) => h('select', { name, id: `edit-${name}`, onchange: (e) => this.change({ [name]: e.target.value }) },
      values.map((v) => h('option', { value: v, selected: v === current }, v)));
    const tagInput = h('input', { id: 'edit-tag', name: 'tag', autocomplete: 'off' });
    this.edit.replaceChildren(heading,
      h('div', { class: 'field' }, h('label', { for: 'edit-status' }, 'Status'), select('status', ['NEW', 'OPEN', 'PENDING', 'SOLVED', 'CLOSED'], t.status)),
      h('div', { class: 'field' }, h('label', { for: 'edit-priority' }, 'Priority'), select('priority', ['LOW', 'NORMAL', 'HIGH', 'URGENT'], t.priority)),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Assignee'), h('span', { class: 'assignee' }, t.assignee || 'nobody'), ' ',
        t.assignee === me.name ? h('button', { type: 'button', onclick: () => this.change({ assignee: '' }) }, 'Unassign')
          : h('button', { type: 'button', onclick: () => this.change({ assignee: me.name }) }, 'Assign to me')),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Tags'),
        h('ul', { class: 'tags', 'aria-label': 'Tags' }, (t.tags || []).map((tag) => h('li', { class: 'tag' }, tag,
          h('button', { type: 'button', class: 'remove', 'aria-label': `Remove tag ${tag}`, onclick: () => this.change({ removeTags: [tag] }) }, '\u00D7'))))),
      h('form', { class: 'field add-tag', onsubmit: (e) => { e.preventDefault(); if (tagInput.value.trim()) this.change({ addTags: [tagInput.value.trim()] }); } },
        h('label', { for: 'edit-tag' }, 'Add a tag'), tagInput, h('button', { type: 'submit' }, 'Add')));
  }

  async change(update) {
    try {
      const ticket = await patch(`/tickets/${this.ticket.id}`, update);
      this.dispatchEvent(new CustomEvent('ticket-changed', { bubbles: true, detail: { ticket } }));
    } catch (e) {
      this.edit.append(h('p', { class: 'error', role: 'alert' }, 'Not changed: ' + e.message));
    }
  }
}

/** Every channel the host knows this person on (the customer's linked identities). */
function identities(customer) {
  const known = customer.identities || [];
  if (!known.length) return null;
  return h('div', { class: 'identities' }, h('h4', {}, 'Known on'),
    h('ul', { class: 'identity-list', 'aria-label': 'Channels this customer is known on' }, known.map((i) => h('li', {
      'data-channel': i.channel,
    }, channelLabel(i.channel), ': ', i.handle ? '@' + i.handle : i.externalId))));
}

function firing(rule, why, actions, trigger, at) {
  return h('li', { class: 'firing', 'data-rule': rule },
    h('p', {}, h('strong', { class: 'rule' }, rule), trigger ? ` on ${trigger}` : '', at ? ` \u00B7 ${time(at)}` : ''),
    why ? h('p', { class: 'because' }, 'because ' + why) : null,
    h('ul', { class: 'actions' }, (actions || []).map((a) => h('li', { 'data-status': a.status || '' },
      `${a.action}${a.detail ? ' ' + a.detail : ''}${a.status ? ' \u2014 ' + a.status : ''}${a.note ? ' (' + a.note + ')' : ''}`))));
}

customElements.define('parley-side-panel', ParleySidePanel);

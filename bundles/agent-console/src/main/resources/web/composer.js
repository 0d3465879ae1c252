// <parley-composer>: the reply box. The visibility switch defaults to where the customer last wrote;
// while the agent types, the messaging policy is asked (POST .../messages/check, a dry run) and the
// box says "would be refused: <rule> — <remedy>" and how many characters the platform still takes.
// Drafts live in localStorage per ticket, so neither a reload nor an expired session loses one.
// Ctrl+/ (or the button) inserts a canned response at the caret, its placeholders filled from the ticket;
// the inserted text is checked like any other.
// Files from the agent's computer (the file picker, or dropped on the reply box) are uploaded at once to
// the attachment store (POST .../attachments, with progress); the reply then names them by attachmentId,
// the policy check says whether the channel takes them, and the draft keeps their ids across reloads.
import { h, firstLine } from './dom.js';
import { post, here, upload, ApiError, SessionExpired } from './api.js';
import { fill, placeholderValues } from './canned.js';

const DRAFT = (id) => `parley-console-draft-${id}`;
const MEDIA_TYPES = { 'image/jpeg': 'JPEG picture', 'image/png': 'PNG picture', 'image/gif': 'GIF', 'video/mp4': 'MP4 video',
  'application/pdf': 'PDF document' };
const CHECK_DELAY_MS = 250;

export class ParleyComposer extends HTMLElement {
  connectedCallback() {
    if (this.form) return;
    const radio = (value, label) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'visibility', value, onchange: () => this.changed() }), label);
    this.visibility = h('fieldset', { class: 'visibility' }, h('legend', {}, 'Reply as'),
      radio('PUBLIC', 'Public reply'), radio('PRIVATE', 'Direct message'), radio('INTERNAL_NOTE', 'Internal note'));
    this.quote = h('div', { class: 'reply-quote', hidden: true });
    this.text = h('textarea', {
      id: 'reply-text', rows: '4', 'aria-describedby': 'policy-verdict remaining-chars', disabled: true,
      oninput: () => this.changed(), onkeydown: (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.send(); }
        if (e.key === '/' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.openCanned(); }
      },
      onfocus: () => { this.openedAt = this.latestCustomerId(); },
    });
    this.verdict = h('p', { id: 'policy-verdict', class: 'verdict', role: 'status', 'aria-live': 'polite' });
    this.remaining = h('p', { id: 'remaining-chars', class: 'remaining' });
    this.warning = h('p', { class: 'collision', role: 'alert', hidden: true });
    this.sendButton = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Send (Ctrl+Enter)');
    this.handoffButton = h('button', { type: 'button', disabled: true, onclick: () => this.handoff() }, 'Hand off to DM');
    this.cannedButton = h('button', { type: 'button', class: 'canned-open', disabled: true, 'aria-keyshortcuts': 'Control+/',
      onclick: () => this.openCanned() }, 'Canned response (Ctrl+/)');
    this.picker = h('parley-canned-picker', {});
    this.picker.addEventListener('canned-closed', () => this.text.focus());
    this.cannedNote = h('p', { id: 'canned-note', class: 'canned-note', role: 'status' });
    // attachments: files uploaded from the agent's computer to the attachment store (sent as those bytes where
    // the platform uploads files), or links to files elsewhere (the platform fetches them)
    this.attachments = [];
    this.uploads = [];
    this.attachList = h('ul', { class: 'attach-list', 'aria-label': 'Attachments of this reply' });
    this.uploadList = h('ul', { class: 'upload-list', 'aria-label': 'Uploads in progress', 'aria-live': 'polite' });
    this.fileInput = h('input', { id: 'attach-file', type: 'file', multiple: true, disabled: true,
      onchange: () => { this.uploadFiles([...this.fileInput.files]); this.fileInput.value = ''; } });
    this.fileBox = h('div', { class: 'attach-file' },
      h('label', { for: 'attach-file' }, 'Attach a file from your computer (or drop it on the reply box)'), this.fileInput);
    this.attachUrl = h('input', { id: 'attach-url', type: 'url', placeholder: 'https://\u2026', autocomplete: 'off',
      onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); this.addAttachment(); } } });
    this.attachType = h('select', { id: 'attach-type', 'aria-label': 'Type of the attached file' },
      Object.entries(MEDIA_TYPES).map(([value, label]) => h('option', { value }, label)));
    this.attachBox = h('details', { class: 'attach' }, h('summary', {}, 'Attach a file by its link'),
      h('div', { class: 'field' }, h('label', { for: 'attach-url' }, 'Link'), this.attachUrl, this.attachType,
        h('button', { type: 'button', onclick: () => this.addAttachment() }, 'Attach')));
    this.form = h('form', { 'aria-label': 'Reply', onsubmit: (e) => { e.preventDefault(); this.send(); } },
      this.visibility, this.quote, h('label', { for: 'reply-text' }, 'Reply'), this.text, this.picker, this.cannedNote,
      this.attachList, this.uploadList, this.fileBox, this.attachBox, this.verdict, this.remaining, this.warning,
      h('div', { class: 'actions' }, this.sendButton, this.handoffButton, this.cannedButton));
    this.form.addEventListener('dragover', (e) => {
      if (!this.ticket || ![...(e.dataTransfer.types || [])].includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      this.form.classList.add('dragging');
    });
    this.form.addEventListener('dragleave', (e) => { if (e.target === this.form) this.form.classList.remove('dragging'); });
    this.form.addEventListener('drop', (e) => {
      this.form.classList.remove('dragging');
      if (!this.ticket || !e.dataTransfer.files.length) return;
      e.preventDefault();
      this.uploadFiles([...e.dataTransfer.files]);
    });
    this.append(this.form);
  }

  /** Points the composer at a ticket, restoring its draft or defaulting to the customer's last choice. */
  load(ticket) {
    const same = this.ticket && this.ticket.id === ticket.id;
    this.ticket = ticket;
    if (same) {
      this.updateHandoff();
      return;
    }
    const draft = JSON.parse(localStorage.getItem(DRAFT(ticket.id)) || 'null');
    const lastCustomer = [...ticket.messages].reverse().find((m) => m.direction === 'INBOUND');
    this.setVisibility(draft ? draft.visibility : lastCustomer && lastCustomer.visibility === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE');
    this.text.value = draft ? draft.text : '';
    this.inReplyTo = draft ? draft.inReplyTo : null;
    this.attachments = draft && draft.attachments ? draft.attachments : [];
    this.uploads.forEach((u) => u.abort && u.abort());
    this.uploads = [];
    this.showAttachments();
    this.showUploads();
    this.fileInput.disabled = false;
    this.showQuote();
    this.text.disabled = false;
    this.cannedButton.disabled = false;
    this.cannedNote.textContent = '';
    this.warning.hidden = true;
    this.openedAt = this.latestCustomerId();
    this.updateHandoff();
    this.check();
  }

  openCanned() {
    if (!this.ticket || this.text.disabled) return;
    const start = this.text.selectionStart;
    const end = this.text.selectionEnd;
    this.picker.open((response) => {
      const { text, missing } = fill(response.text, placeholderValues(this.ticket));
      this.text.setRangeText(text, start, end, 'end');
      this.text.focus();
      this.cannedNote.textContent = missing.length
        ? `Inserted "${response.name}"; fill in by hand: ${missing.join(', ')}` : `Inserted "${response.name}".`;
      this.changed();
    });
  }

  setVisibility(value) {
    for (const input of this.visibility.querySelectorAll('input')) input.checked = input.value === value;
  }

  get chosenVisibility() {
    const checked = this.visibility.querySelector('input:checked');
    return checked ? checked.value : 'PRIVATE';
  }

  replyTo(message) {
    this.inReplyTo = message.id;
    if (message.visibility === 'PUBLIC' || message.visibility === 'PRIVATE') this.setVisibility(message.visibility);
    this.showQuote();
    this.changed();
    this.text.focus();
  }

  showQuote() {
    const m = this.inReplyTo && this.ticket && this.ticket.messages.find((x) => x.id === this.inReplyTo);
    this.quote.hidden = !m;
    this.quote.replaceChildren(...(m ? [h('span', {}, 'Answering: '), h('q', {}, firstLine(m.text, 100)), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => { this.inReplyTo = null; this.showQuote(); this.changed(); } },
        'do not quote')] : []));
  }

  body() {
    const body = { text: this.text.value, visibility: this.chosenVisibility };
    if (this.inReplyTo) body.inReplyTo = this.inReplyTo;
    if (this.attachments.length) {
      body.attachments = this.attachments.map((a) => (a.attachmentId ? { attachmentId: a.attachmentId, name: a.name }
        : { url: a.url, mediaType: a.mediaType, name: a.name }));
    }
    return body;
  }

  /** Uploads each file now; once stored it joins the reply's attachments (and the draft) by its id. */
  uploadFiles(files) {
    if (!this.ticket) return;
    const ticketId = this.ticket.id;
    for (const file of files) {
      const entry = { name: file.name || 'file', size: file.size, sent: 0, error: null };
      const { promise, abort } = upload(ticketId, file, (sent) => { entry.sent = sent; this.showUploads(); });
      entry.abort = abort;
      this.uploads = [...this.uploads, entry];
      promise.then((stored) => {
        this.uploads = this.uploads.filter((u) => u !== entry);
        if (!this.ticket || this.ticket.id !== ticketId) return; // the agent moved on: the sweep takes the file
        this.attachments = [...this.attachments, { attachmentId: stored.attachmentId, name: stored.name,
          mediaType: stored.mediaType, size: stored.size }];
        this.showAttachments();
        this.showUploads();
        this.changed();
      }, (e) => {
        entry.error = e instanceof SessionExpired ? 'signed out: sign in and attach it again' : e.message;
        entry.abort = null;
        this.showUploads();
      });
    }
    this.showUploads();
  }

  showUploads() {
    this.uploadList.replaceChildren(...this.uploads.map((u) => h('li', {
      class: u.error ? 'upload failed' : 'upload', 'data-name': u.name, role: u.error ? 'alert' : null },
    u.error ? `${u.name} was not attached: ${u.error} ` : `${u.name} (${readable(u.size)}) `,
    u.error ? null : h('progress', { max: String(u.size || 1), value: String(u.sent),
      'aria-label': `Uploading ${u.name}` }),
    h('button', { type: 'button', class: 'remove', 'aria-label': u.error ? `Dismiss ${u.name}` : `Cancel the upload of ${u.name}`,
      onclick: () => { if (u.abort) u.abort(); this.uploads = this.uploads.filter((x) => x !== u); this.showUploads(); } },
    '\u00D7'))));
    const busy = this.uploads.some((u) => !u.error);
    this.uploadList.dataset.busy = String(busy);
    if (busy) this.sendButton.disabled = true;
  }

  addAttachment() {
    const url = this.attachUrl.value.trim();
    if (!url) return;
    if (!/^https:\/\/[^\s]+$/i.test(url)) {
      this.cannedNote.textContent = 'An attachment is an https:// link to the file.';
      this.attachUrl.focus();
      return;
    }
    const name = decodeURIComponent(url.split(/[?#]/)[0].split('/').pop() || '') || 'file';
    this.attachments = [...this.attachments, { url, mediaType: this.attachType.value, name }];
    this.attachUrl.value = '';
    this.showAttachments();
    this.changed();
  }

  showAttachments() {
    this.attachList.replaceChildren(...this.attachments.map((a, i) => h('li', { class: 'attached',
      'data-url': a.url || null, 'data-attachment-id': a.attachmentId ? String(a.attachmentId) : null },
      `${a.name} (${MEDIA_TYPES[a.mediaType] || a.mediaType}${a.size !== undefined ? ', ' + readable(a.size) : ''}) `,
      h('button', { type: 'button', class: 'remove', 'aria-label': `Remove attachment ${a.name}`, onclick: () => {
        this.attachments = this.attachments.filter((_, j) => j !== i);
        this.showAttachments();
        this.changed();
      } }, '\u00D7'))));
  }

  changed() {
    if (!this.ticket) return;
    const body = this.body();
    const draft = { ...body, attachments: this.attachments.length ? this.attachments : undefined };
    if (body.text || body.inReplyTo || body.attachments) localStorage.setItem(DRAFT(this.ticket.id), JSON.stringify(draft));
    else localStorage.removeItem(DRAFT(this.ticket.id));
    const typing = body.text.length > 0;
    if (typing !== this.typing) { this.typing = typing; here(this.ticket.id, typing); }
    clearTimeout(this.timer);
    this.seq = (this.seq || 0) + 1; // an answer still on its way is for an older text: it is dropped
    this.verdict.dataset.pending = 'true'; // until the answer for this very text is in
    this.timer = setTimeout(() => this.check(), CHECK_DELAY_MS);
  }

  /** The dry run: what the messaging policy would say to this reply now. */
  async check() {
    const ticketId = this.ticket.id;
    const body = this.body();
    const seq = (this.seq = (this.seq || 0) + 1);
    if (!body.text.trim() && !body.attachments) {
      this.verdict.textContent = '';
      this.verdict.dataset.allowed = '';
      this.verdict.dataset.pending = 'false';
      this.remaining.textContent = '';
      this.sendButton.disabled = true;
      return;
    }
    try {
      const answer = await post(`/tickets/${ticketId}/messages/check`, body);
      if (seq !== this.seq || !this.ticket || this.ticket.id !== ticketId) return;
      this.verdict.dataset.allowed = String(answer.allowed);
      this.verdict.dataset.rule = answer.rule || '';
      this.verdict.textContent = answer.allowed ? 'The messaging policy allows this reply.'
        : `would be refused: ${answer.rule} \u2014 ${answer.remedy}`;
      this.remaining.textContent = answer.remaining === null || answer.remaining === undefined ? ''
        : answer.remaining >= 0 ? `${answer.remaining} characters left` : `${-answer.remaining} characters too many`;
      this.remaining.dataset.over = String(answer.remaining !== null && answer.remaining < 0);
      this.verdict.dataset.pending = 'false';
      this.sendButton.disabled = this.uploads.some((u) => !u.error);
    } catch (e) {
      if (seq !== this.seq) return;
      this.verdict.dataset.allowed = '';
      this.verdict.dataset.pending = 'false';
      this.verdict.textContent = e instanceof SessionExpired ? 'Signed out: your draft is kept; sign in to check it.'
        : 'Could not check the reply: ' + e.message;
      this.sendButton.disabled = !(e instanceof ApiError);
    }
  }

  async send() {
    if (!this.ticket || (!this.text.value.trim() && !this.attachments.length)) return;
    if (this.uploads.some((u) => !u.error)) {
      this.verdict.textContent = 'Wait for the upload to finish before sending.';
      return;
    }
    const ticketId = this.ticket.id;
    this.sendButton.disabled = true;
    try {
      await post(`/tickets/${ticketId}/messages`, this.body());
      localStorage.removeItem(DRAFT(ticketId));
      this.text.value = '';
      this.inReplyTo = null;
      this.attachments = [];
      this.showAttachments();
      this.showQuote();
      this.warning.hidden = true;
      this.verdict.textContent = 'Sent to the outbox.';
      this.remaining.textContent = '';
      this.typing = false;
      here(ticketId, false);
      this.dispatchEvent(new CustomEvent('message-sent', { bubbles: true, detail: { ticketId } }));
    } catch (e) {
      this.verdict.dataset.allowed = 'false';
      this.verdict.textContent = e instanceof ApiError && e.problem.rule
        ? `Refused: ${e.problem.rule} \u2014 ${e.problem.remedy || e.message}` : 'Not sent: ' + e.message;
    } finally {
      this.sendButton.disabled = false;
    }
  }

  /** The customer asked in public: acknowledge there and continue by DM (both or neither). */
  async handoff() {
    try {
      await post(`/tickets/${this.ticket.id}/handoff`, {});
      this.verdict.textContent = 'Handed off: a public acknowledgement and a DM are on their way.';
      this.dispatchEvent(new CustomEvent('message-sent', { bubbles: true, detail: { ticketId: this.ticket.id } }));
    } catch (e) {
      this.verdict.textContent = e instanceof ApiError && e.problem.rule
        ? `Hand-off refused: ${e.problem.rule} \u2014 ${e.problem.remedy || e.message}` : 'Hand-off failed: ' + e.message;
    }
  }

  updateHandoff() {
    const last = [...this.ticket.messages].reverse().find((m) => m.direction === 'INBOUND');
    this.handoffButton.disabled = !(last && last.visibility === 'PUBLIC');
  }

  latestCustomerId() {
    const last = this.ticket && [...this.ticket.messages].reverse().find((m) => m.direction === 'INBOUND');
    return last ? last.id : 0;
  }

  /** The ticket changed while the agent was writing: warn when the customer wrote meanwhile. */
  ticketChanged(ticket) {
    this.load(ticket);
    if (this.text.value.trim() && this.latestCustomerId() > (this.openedAt || 0)) {
      this.warning.hidden = false;
      this.warning.textContent = 'The customer wrote again since you started this reply: read it before sending.';
    }
  }
}

function readable(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

customElements.define('parley-composer', ParleyComposer);

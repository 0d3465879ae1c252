// DOM helpers of the agent console. Customer text only ever reaches the page as text nodes (h()).

/** Builds an element; string children become text nodes, so markup in customer text stays text. */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A polite live region for screen readers. */
export function announcer() {
  const region = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  return {
    region,
    say(text) {
      region.textContent = '';
      setTimeout(() => { region.textContent = text; }, 30);
    },
  };
}

export const CHANNELS = {
  x: ['\uD835\uDD4F', 'X'], messenger: ['\u2709', 'Messenger'], instagram: ['\u25CE', 'Instagram'],
  facebook: ['f', 'Facebook'], whatsapp: ['\u260E', 'WhatsApp'], email: ['@', 'Email'], web: ['\u25A3', 'Web'],
};

export function channelLabel(channel) {
  return (CHANNELS[channel] || ['#', channel])[1];
}

/** The channel as an icon plus its name (the icon is decoration: the name says it). */
export function channelBadge(channel) {
  const [glyph, label] = CHANNELS[channel] || ['#', channel];
  return h('span', { class: 'channel', 'data-channel': channel },
    h('span', { class: 'glyph', 'aria-hidden': 'true' }, glyph), h('span', { class: 'label' }, label));
}

export const VISIBILITY = {
  PUBLIC: 'Public post', PRIVATE: 'Direct message', INTERNAL_NOTE: 'Internal note',
};

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The first line of a text, at most n characters. */
export function firstLine(text, n = 120) {
  const line = (text || '').split('\n').find((l) => l.trim()) || '';
  return line.length > n ? line.slice(0, n - 1) + '\u2026' : line;
}

/** Whether a key press happened while typing (keyboard shortcuts stay out of the way there). */
export function typingIn(event) {
  const t = event.composedPath ? event.composedPath()[0] : event.target;
  return t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

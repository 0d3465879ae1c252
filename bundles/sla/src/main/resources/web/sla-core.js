// Shared plumbing of the Parley SLA components: auth, REST, the live stream, formatting and DOM building.
// Customer text (subjects, names) only ever reaches the page through text nodes built by h().

const TOKEN_KEY = 'parley-sla-token';

/** Token and base URL: the element's attributes win, then window.ParleySla, then the dashboard's session. */
export function settings(element) {
  const page = window.ParleySla || {};
  const token = element.getAttribute('token') || page.token || sessionStorage.getItem(TOKEN_KEY) || '';
  const baseUrl = (element.getAttribute('base-url') || page.baseUrl || '').replace(/\/$/, '');
  return { token, baseUrl };
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class AuthError extends Error {}

/** GET a JSON resource of /api/sla; a 401/403 becomes an AuthError so the page can ask for a new token. */
export async function getJson({ token, baseUrl }, path) {
  const response = await fetch(baseUrl + path, {
    headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
    cache: 'no-store',
  });
  if (response.status === 401 || response.status === 403) throw new AuthError('the API token was refused');
  if (!response.ok) throw new Error(path + ' answered HTTP ' + response.status);
  return response.json();
}

/** Tells the embedding page that the token no longer works (the dashboard shows its form again). */
export function reportAuthError(element) {
  element.dispatchEvent(new CustomEvent('parley-sla-auth-error', { bubbles: true, composed: true }));
}

/**
 * Splits a Server-Sent Events buffer into complete events. Returns the events and the unfinished tail.
 * EventSource cannot send an Authorization header, so the components read the stream with fetch().
 */
export function parseSse(buffer) {
  const events = [];
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop();
  for (const block of blocks) {
    const event = { type: 'message', data: [], retry: null };
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue; // comments are the server's keep-alives
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.type = value;
      else if (field === 'data') event.data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
    }
    if (event.data.length || event.retry !== null) events.push({ ...event, data: event.data.join('\n') });
  }
  return { events, rest };
}

const SILENCE_LIMIT_MS = 45000; // the server sends a keep-alive every 15 s; three missed means a dead link

/**
 * One live connection per API and token, shared by every component on the page. Listeners get
 * {type:'open'} on each (re)connection (time to refetch what was missed), {type:'down'} when it
 * drops, and {type, data} for each SLA event. Reconnects with jittered exponential backoff.
 */
class LiveStream {
  constructor(cfg) {
    this.cfg = cfg;
    this.listeners = new Set();
    this.retryMs = 1000;
    this.stopped = false;
    this.loop();
  }

  emit(event) {
    for (const listener of this.listeners) {
      try { listener(event); } catch (e) { console.error('parley-sla listener failed', e); }
    }
  }

  async loop() {
    let attempt = 0;
    while (!this.stopped) {
      this.abort = new AbortController();
      let watchdog;
      try {
        const response = await fetch(this.cfg.baseUrl + '/api/sla/stream', {
          headers: { Authorization: 'Bearer ' + this.cfg.token, Accept: 'text/event-stream' },
          cache: 'no-store', signal: this.abort.signal,
        });
        if (response.status === 401 || response.status === 403) {
          this.emit({ type: 'auth-error' });
          return;
        }
        if (!response.ok || !response.body) throw new Error('stream answered HTTP ' + response.status);
        attempt = 0;
        this.emit({ type: 'open' });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const arm = () => { clearTimeout(watchdog); watchdog = setTimeout(() => this.abort.abort(), SILENCE_LIMIT_MS); };
        arm();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm();
          const parsed = parseSse(buffer + value);
          buffer = parsed.rest;
          for (const event of parsed.events) {
            if (event.retry !== null) this.retryMs = event.retry;
            if (!event.data) continue;
            try { this.emit({ type: event.type, data: JSON.parse(event.data) }); } catch (e) { /* not JSON: skip */ }
          }
        }
      } catch (e) {
        // network error or watchdog abort: fall through to the backoff
      } finally {
        clearTimeout(watchdog);
      }
      if (this.stopped) return;
      this.emit({ type: 'down' });
      const delay = Math.min(30000, this.retryMs * 2 ** Math.min(attempt++, 5));
      await new Promise((resolve) => setTimeout(resolve, delay * (0.75 + Math.random() / 2)));
    }
  }

  stop() {
    this.stopped = true;
    if (this.abort) this.abort.abort();
  }
}

const streams = new Map();

/** Subscribes to the shared stream; returns the unsubscribe function (the last one closes the stream). */
export function subscribe(cfg, listener) {
  const key = cfg.baseUrl + '\u0000' + cfg.token;
  let stream = streams.get(key);
  if (!stream) {
    stream = new LiveStream(cfg);
    streams.set(key, stream);
  }
  stream.listeners.add(listener);
  return () => {
    stream.listeners.delete(listener);
    if (stream.listeners.size === 0) {
      stream.stop();
      streams.delete(key);
    }
  };
}

/** One ticket's SLA from an event's data (changed carries the ticket, the ladder events wrap it). */
export function ticketOf(data) {
  return data && data.ticket && typeof data.ticket === 'object' ? data.ticket : data;
}

/**
 * The moment a target falls due, on the page's monotonic clock: counted from the server's
 * remainingSeconds on arrival, so a skewed client clock cannot move a deadline.
 */
export function withDeadline(target) {
  if (!target) return null;
  const running = target.due !== null && target.state !== 'PAUSED' && target.stoppedAt === null;
  return { ...target, running, deadline: performance.now() + target.remainingSeconds * 1000 };
}

export function secondsLeft(target) {
  if (!target) return null;
  return target.running ? Math.floor((target.deadline - performance.now()) / 1000) : target.remainingSeconds;
}

/** The state now: a running target past its due time is BREACHED, as the server computes it. */
export function stateNow(target) {
  if (!target) return null;
  return target.running && secondsLeft(target) < 0 ? 'BREACHED' : target.state;
}

export const STATES = {
  ON_TRACK: { label: 'On track', icon: '\u25CF' },
  WARNING: { label: 'Warning', icon: '\u25B2' },
  BREACHED: { label: 'Breached', icon: '\u2716' },
  PAUSED: { label: 'Paused', icon: '\u23F8' },
  MET: { label: 'Met', icon: '\u2714' },
};

export const TARGETS = { FIRST_REPLY: 'First reply', NEXT_REPLY: 'Next reply', RESOLUTION: 'Resolution' };
/** Which deadline binds: [short label, longer explanation]. */
export const BINDINGS = {
  POLICY: ['policy', 'The SLA policy target binds'],
  PLATFORM_WINDOW: ['24 h window', 'The platform reply window closes before the policy target'],
  HUMAN_AGENT_WINDOW: ['human-agent window', 'The 24 h window has closed; a human agent may still reply within 7 days (human-agent tag)'],
};

// Icons as inline SVG where fonts vary (a headless or minimal desktop often lacks emoji), text glyphs elsewhere.
const PATHS = {
  globe: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2c1.5 2 2.3 4.7 2.4 7H9.6c.1-2.3.9-5 2.4-7zM4.1 13h3.5c.1 2.2.7 4.3 1.7 6A8 8 0 0 1 4.1 13zm0-2a8 8 0 0 1 5.2-6c-1 1.7-1.6 3.8-1.7 6zm10.6 8c1-1.7 1.6-3.8 1.7-6h3.5a8 8 0 0 1-5.2 6zm1.7-8c-.1-2.2-.7-4.3-1.7-6a8 8 0 0 1 5.2 6zM9.6 13h4.8c-.1 2.3-.9 5-2.4 7-1.5-2-2.3-4.7-2.4-7z',
  lock: 'M6 10V8a6 6 0 0 1 12 0v2h1v12H5V10zm2 0h8V8a4 4 0 0 0-8 0z',
  eye: 'M12 5C6 5 2 12 2 12s4 7 10 7 10-7 10-7-4-7-10-7zm0 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8z',
  chat: 'M4 4h16v12H8l-4 4z',
  camera: 'M4 7h4l2-3h4l2 3h4v13H4zm8 3a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
};

/** A decorative icon (hidden from screen readers: the text label next to it says the same). */
export function icon(name) {
  const wrap = h('span', { class: 'icon', 'aria-hidden': 'true' });
  if (!PATHS[name]) {
    wrap.textContent = name;
    return wrap;
  }
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '1em');
  svg.setAttribute('height', '1em');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', PATHS[name]);
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('fill-rule', 'evenodd');
  svg.append(path);
  wrap.append(svg);
  return wrap;
}

const CHANNELS = {
  x: ['\uD835\uDD4F', 'X'], messenger: ['chat', 'Messenger'], instagram: ['camera', 'Instagram'],
  facebook: ['f', 'Facebook'], whatsapp: ['\u260E', 'WhatsApp'], telegram: ['\u2708', 'Telegram'], email: ['\u2709', 'Email'], web: ['globe', 'Web'],
};

export const VISIBILITIES = { PUBLIC: ['eye', 'Public'], PRIVATE: ['lock', 'Private'] };

/** Labels the installation's platforms give their channels (GET /api/sla/channels): a new platform's show too. */
const REGISTERED = new Map();

export function registerChannel(channel, label) {
  if (channel && label) REGISTERED.set(channel, label);
}

export function channelInfo(channel) {
  const [glyph, label] = CHANNELS[channel] || ['#', REGISTERED.get(channel) || channel];
  return { icon: glyph, label: REGISTERED.get(channel) || label };
}

/** "12m 05s", "3h 04m", "2d 01h"; overdue times get a minus sign. */
export function formatSeconds(total) {
  if (total === null || total === undefined) return '\u2014';
  const sign = total < 0 ? '-' : '';
  let s = Math.abs(total);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const two = (n) => String(n).padStart(2, '0');
  if (d) return `${sign}${d}d ${two(h)}h`;
  if (h) return `${sign}${h}h ${two(m)}m`;
  return `${sign}${m}m ${two(s)}s`;
}

/** Builds a DOM node; string children become text nodes, so markup in customer text stays text. */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A polite live region: screen readers hear changes without losing their place. */
export function announcer() {
  const region = h('div', { class: 'sr-only', 'aria-live': 'polite', role: 'status' });
  return { region, say: (text) => { region.textContent = ''; setTimeout(() => { region.textContent = text; }, 50); } };
}

/** One timer for every countdown on the page, so they tick together. */
const tickers = new Set();
let tickTimer = null;
export function onTick(callback) {
  tickers.add(callback);
  if (!tickTimer) tickTimer = setInterval(() => tickers.forEach((t) => t()), 1000);
  return () => {
    tickers.delete(callback);
    if (tickers.size === 0) { clearInterval(tickTimer); tickTimer = null; }
  };
}

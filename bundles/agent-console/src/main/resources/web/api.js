// The console's link to Parley: the public REST API under /agent/api (same origin, the session cookie
// carries the agent's identity, the CSRF header guards every write) and the live stream /agent/events.

let csrf = null;
const expiredListeners = new Set();

export const me = { name: null, role: null };

export class SessionExpired extends Error {
  constructor() { super('your session has ended: sign in again'); }
}

/** A problem+json refusal of the REST API. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

export function onExpired(listener) {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

function expired() {
  csrf = null;
  expiredListeners.forEach((l) => l());
}

function remember(session) {
  csrf = session.csrf;
  me.name = session.name;
  me.role = session.role;
  return session;
}

async function parse(response) {
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : null;
}

/** The current session, or null when nobody is signed in. */
export async function currentSession() {
  const response = await fetch('/agent/session', { cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw new ApiError(response.status, await parse(response));
  return remember(await response.json());
}

export async function signIn(token) {
  const response = await fetch('/agent/session', {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  const body = await parse(response);
  if (!response.ok) throw new ApiError(response.status, body);
  return remember(body);
}

export async function signOut() {
  await fetch('/agent/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-Parley-CSRF': csrf || '' } });
  csrf = null;
}

/** One REST call, path relative to /api. Throws SessionExpired (and tells the page) on 401. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-Parley-CSRF'] = csrf || '';
  const response = await fetch('/agent/api' + path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    expired();
    throw new SessionExpired();
  }
  const parsed = await parse(response);
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

/**
 * Uploads a file from the agent's computer for a reply on ticket {ticketId}: its raw bytes, its type and
 * ?name=, through the console's proxy with the CSRF header. XMLHttpRequest rather than fetch for the
 * upload's progress events: onProgress(sentBytes, totalBytes). Resolves to {attachmentId, name,
 * mediaType, size}; rejects with ApiError (413 too large, 415 not the picture it claims...) or
 * SessionExpired. Returns {promise, abort}.
 */
export function upload(ticketId, file, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', `/agent/api/tickets/${ticketId}/attachments?name=${encodeURIComponent(file.name || 'file')}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Parley-CSRF', csrf || '');
    xhr.upload.onprogress = (e) => { if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size); };
    xhr.onload = () => {
      if (xhr.status === 401) {
        expired();
        reject(new SessionExpired());
        return;
      }
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: the status says it */ }
      if (xhr.status === 201 && body) resolve(body);
      else reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'the upload was interrupted (network error)' }));
    xhr.onabort = () => reject(new ApiError(0, { detail: 'upload cancelled' }));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => call('PATCH', path, body);

/** Tells the others where this agent is (ticket 0: the queue) and whether they are typing. */
export async function here(ticketId, typing) {
  if (!csrf) return;
  try {
    await fetch('/agent/presence', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Parley-CSRF': csrf },
      body: JSON.stringify({ ticketId: ticketId || 0, typing: !!typing }),
    });
  } catch (e) { /* presence is best effort */ }
}

/** Where every signed-in agent is now (each {agent, ticketId, typing}). */
export async function presenceNow() {
  const response = await fetch('/agent/presence', { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) return [];
  return (await response.json()).presence || [];
}

/** The page goes away (closed, reloaded, navigated off): the others stop seeing this agent at once. */
export function leave() {
  if (!csrf) return;
  try {
    fetch('/agent/presence', {
      method: 'POST', credentials: 'same-origin', keepalive: true,
      headers: { 'Content-Type': 'application/json', 'X-Parley-CSRF': csrf },
      body: JSON.stringify({ ticketId: 0, typing: false }),
    });
  } catch (e) { /* best effort */ }
}

/**
 * The live stream: calls listener({type, data}) for 'ticket' and 'presence' events and {type:'open'}
 * on every (re)connection (time to refetch what was missed). EventSource sends the cookie and
 * reconnects by itself; a stream refused for want of a session ends the session on the page.
 */
export function liveEvents(listener) {
  let source = null;
  let stopped = false;
  const open = () => {
    source = new EventSource('/agent/events');
    source.onopen = () => listener({ type: 'open' });
    for (const type of ['ticket', 'presence']) {
      source.addEventListener(type, (e) => {
        try { listener({ type, data: JSON.parse(e.data) }); } catch (err) { console.error('console event', err); }
      });
    }
    source.addEventListener('session-ended', () => { source.close(); expired(); });
    source.onerror = async () => {
      listener({ type: 'down' });
      if (source.readyState === EventSource.CLOSED && !stopped) {
        // refused (401) or the server went away: find out which before trying again
        try {
          if (await currentSession()) setTimeout(() => { if (!stopped) open(); }, 2000);
          else expired();
        } catch (e) { setTimeout(() => { if (!stopped) open(); }, 5000); }
      }
    };
  };
  open();
  return () => { stopped = true; if (source) source.close(); };
}

// REST calls and the bearer token: the only module that talks HTTP to the server.

const STORAGE_KEY = 'attendance-live.auth';
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A refused call: the HTTP status and the server's problem details (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (HTTP ${status})`);
    this.status = status;
    this.problem = problem;
  }
}

// ---- the signed-in user -------------------------------------------------------------------

let expiryListener = () => {};
let expiryTimer;

/** Called once when the token has expired or the server no longer accepts it. */
export function onSignInExpired(listener) {
  expiryListener = listener;
}

/** The current sign-in ({ token, username, roles, expiresAt }) or null. */
export function currentAuth() {
  try {
    const auth = JSON.parse(localStorage.getItem(STORAGE_KEY));
    return auth && auth.token && auth.expiresAt > Date.now() ? auth : null;
  } catch {
    return null;
  }
}

export function hasRole(role) {
  return currentAuth()?.roles.includes(role) ?? false;
}

export async function signIn(username, password) {
  const response = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw await errorOf(response);
  const body = await response.json();
  const claims = decodeJwtPayload(body.access_token);
  const auth = {
    token: body.access_token,
    username: claims.sub ?? username,
    roles: rolesOf(claims),
    expiresAt: Date.now() + body.expires_in * 1000,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(auth));
  watchExpiry();
  return auth;
}

export function signOut() {
  clearTimeout(expiryTimer);
  localStorage.removeItem(STORAGE_KEY);
}

/** Arms a timer for the token's end; there is no refresh token, so the user signs in again. */
export function watchExpiry() {
  clearTimeout(expiryTimer);
  const auth = currentAuth();
  if (auth) expiryTimer = setTimeout(expire, Math.min(auth.expiresAt - Date.now(), 2 ** 31 - 1));
}

/** The sign-in is over (expired, or refused by the server): forget it and tell the app once. */
export function expire() {
  const hadToken = localStorage.getItem(STORAGE_KEY) !== null;
  signOut();
  if (hadToken) expiryListener();
}

function decodeJwtPayload(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return {};
  }
}

// The roles decide which views the app offers; the server decides what is allowed.
function rolesOf(claims) {
  const raw = [claims.roles, claims.authorities, claims.scope, claims.scp]
    .flatMap((value) => (typeof value === 'string' ? value.split(' ') : value ?? []));
  return [...new Set(raw.map((role) => String(role).replace(/^(ROLE_|SCOPE_)/, '').toUpperCase()))]
    .filter((role) => ['ADMIN', 'TEACHER', 'STUDENT', 'SERVICE'].includes(role));
}

// ---- HTTP -----------------------------------------------------------------------------------

async function errorOf(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(response.status, problem);
}

function path(strings, ...ids) {
  return strings.reduce((result, part, i) => {
    if (i === 0) return part;
    const id = String(ids[i - 1]);
    if (!ID.test(id)) throw new ApiError(400, { detail: `Not a valid identifier: ${id}` });
    return result + id + part;
  });
}

async function call(method, url, body, extraHeaders = {}) {
  const auth = currentAuth();
  if (!auth) {
    expire();
    throw new ApiError(401, { detail: 'Please sign in.' });
  }
  const headers = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${auth.token}`, ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    expire();
  }
  if (!response.ok) throw await errorOf(response);
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('ETag'), body: text ? JSON.parse(text) : null };
}

const get = async (url) => (await call('GET', url)).body;

// ---- the contract's REST calls --------------------------------------------------------------

export const api = {
  classes: () => get('/api/classes'),
  openSession: (classId, options = {}) =>
    call('POST', path`/api/classes/${classId}/sessions`, options).then((r) => r.body),
  code: (classId, sessionId) => get(path`/api/classes/${classId}/sessions/${sessionId}/code`),
  /** A student checks in with the code: 201 the first time, 200 with the same record on a repeat. */
  checkIn: (classId, sessionId, code) => call('POST', path`/api/classes/${classId}/sessions/${sessionId}/check-ins`, { code }),
  /** One record with its ETag (its version), or null when the student has none yet. */
  record: (classId, sessionId, studentId) =>
    call('GET', path`/api/classes/${classId}/sessions/${sessionId}/attendance/${studentId}`)
      .catch((error) => { if (error.status === 404) return null; throw error; }),
  /**
   * A correction. With the ETag of the record as read, the server refuses (412) to overwrite a
   * change made by someone else meanwhile.
   */
  correct: (classId, sessionId, studentId, status, reason, etag = null) =>
    call('PUT', path`/api/classes/${classId}/sessions/${sessionId}/attendance/${studentId}`, { status, reason },
      etag ? { 'If-Match': etag } : {}).then((r) => r.body),
  close: (classId, sessionId) => call('POST', path`/api/classes/${classId}/sessions/${sessionId}/close`).then((r) => r.body),
  roster: (classId, sessionId) => get(path`/api/classes/${classId}/sessions/${sessionId}/attendance`),
  /** Every event of the class with seq > afterSeq, in order, reading page after page. */
  eventsAfter: async (classId, afterSeq) => {
    const events = [];
    for (let seq = Number(afterSeq), pages = 0; pages < 100; pages++) {
      const page = await get(`${path`/api/classes/${classId}/events`}?afterSeq=${seq}`);
      if (!Array.isArray(page) || page.length === 0) break;
      events.push(...page);
      seq = page[page.length - 1].seq;
    }
    return events;
  },
  myAttendance: () => get('/api/me/attendance'),
};

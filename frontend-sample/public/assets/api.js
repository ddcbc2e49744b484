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

/** A token is renewed when this share of its lifetime has passed. */
export const REFRESH_AT = 0.8;

let expiryListener = () => {};
const tokenListeners = new Set();
let expiryTimer;
let refreshTimer;

/** Called once when the token has expired or the server no longer accepts it. */
export function onSignInExpired(listener) {
  expiryListener = listener;
}

/** Called with the new token whenever the sign-in was renewed (here or in another tab). */
export function onTokenRenewed(listener) {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

/** The current sign-in ({ token, username, roles, issuedAt, expiresAt, renewable }) or null. */
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

/** The sign-in a token answer ({ access_token, expires_in }) gives, received at `now`. */
export function authOf(body, username, now = Date.now()) {
  const claims = decodeJwtPayload(body.access_token);
  return {
    token: body.access_token,
    username: claims.sub ?? username,
    roles: rolesOf(claims),
    issuedAt: now,
    expiresAt: now + body.expires_in * 1000,
    renewable: true,
  };
}

/** When to renew a sign-in: at REFRESH_AT of its lifetime, or null when it cannot be renewed. */
export function renewalTime(auth) {
  if (!auth?.renewable) return null;
  const issuedAt = auth.issuedAt ?? auth.expiresAt;
  return issuedAt + (auth.expiresAt - issuedAt) * REFRESH_AT;
}

export async function signIn(username, password) {
  const response = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw await errorOf(response);
  const auth = authOf(await response.json(), username);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(auth));
  watchExpiry();
  return auth;
}

/**
 * Renews the sign-in without the password (POST /api/auth/refresh, beyond the contract) and tells
 * the listeners (the live connection hands the token to its session). Resolves to the new sign-in;
 * null when the server will not renew it (too old, the user gone: it runs out and the user signs
 * in again); throws when the server could not be reached (tried again shortly).
 */
export async function renewSignIn() {
  const auth = currentAuth();
  if (!auth) return null;
  const response = await fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${auth.token}` },
  });
  if (response.status === 401 || response.status === 404) {
    store({ ...auth, renewable: false });
    return null;
  }
  if (!response.ok) throw await errorOf(response);
  const renewed = authOf(await response.json(), auth.username);
  if (renewed.username !== auth.username) {
    expire();
    return null;
  }
  // At the end of the sign-in's maximum age a renewal no longer moves the expiry: stop asking.
  renewed.renewable = renewed.expiresAt > auth.expiresAt + 1000;
  store(renewed);
  for (const listener of tokenListeners) listener(renewed.token);
  return renewed;
}

function store(auth) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(auth));
  watchExpiry();
}

export function signOut() {
  clearTimeout(expiryTimer);
  clearTimeout(refreshTimer);
  localStorage.removeItem(STORAGE_KEY);
}

/**
 * Arms the timers of the current sign-in: its renewal at REFRESH_AT of its lifetime (again every
 * few seconds while the server cannot be reached), and its end, when the user signs in again.
 */
export function watchExpiry() {
  clearTimeout(expiryTimer);
  clearTimeout(refreshTimer);
  const auth = currentAuth();
  if (!auth) return;
  const maxTimer = 2 ** 31 - 1;
  expiryTimer = setTimeout(expire, Math.min(auth.expiresAt - Date.now(), maxTimer));
  const renewAt = renewalTime(auth);
  if (renewAt === null) return;
  refreshTimer = setTimeout(function renew() {
    renewSignIn().catch(() => {
      const left = (currentAuth()?.expiresAt ?? 0) - Date.now();
      if (left > 0) refreshTimer = setTimeout(renew, Math.min(5000, left / 4));
    });
  }, Math.min(Math.max(renewAt - Date.now(), 0), maxTimer));
}

/** Another tab renewed the sign-in: follow it (its token, its timers). */
export function followRenewal(previousToken) {
  watchExpiry();
  const auth = currentAuth();
  if (auth && auth.token !== previousToken) for (const listener of tokenListeners) listener(auth.token);
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

/**
 * The file name a Content-Disposition header gives (RFC 6266: filename* first, then filename),
 * reduced to characters safe in a file name; the fallback when there is none.
 */
export function attachmentName(header, fallback) {
  const value = String(header ?? '');
  let name = null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(value);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/.exec(value)?.[1] ?? /filename\s*=\s*([^;\s]+)/.exec(value)?.[1] ?? null;
  const safe = name?.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  return safe ? safe.slice(0, 200) : fallback;
}

/** A file for download (the CSV exports): { blob, fileName }. Sent with the bearer token, unlike a plain link. */
async function download(url, fallbackName) {
  const auth = currentAuth();
  if (!auth) {
    expire();
    throw new ApiError(401, { detail: 'Please sign in.' });
  }
  const response = await fetch(url, { headers: { Accept: 'text/csv, application/problem+json', Authorization: `Bearer ${auth.token}` } });
  if (response.status === 401) expire();
  if (!response.ok) throw await errorOf(response);
  return { blob: await response.blob(), fileName: attachmentName(response.headers.get('Content-Disposition'), fallbackName) };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  /** One session's attendance as CSV (contract "Exports"). */
  sessionCsv: (classId, sessionId) =>
    download(path`/api/classes/${classId}/sessions/${sessionId}/attendance.csv`, `${classId}-${sessionId}.csv`),
  /** Every session of the class opened from `from` to `to` (YYYY-MM-DD) as CSV. */
  classCsv: (classId, from, to) => {
    if (!DATE.test(from) || !DATE.test(to)) throw new ApiError(400, { detail: 'Dates are YYYY-MM-DD.' });
    const query = new URLSearchParams({ from, to });
    return download(`${path`/api/classes/${classId}/attendance.csv`}?${query}`, `${classId}-${from}-${to}.csv`);
  },
  myAttendance: () => get('/api/me/attendance'),
};

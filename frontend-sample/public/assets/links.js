// The check-in link the projector shows as a QR code, and reading it back in the student view:
//   https://HOST/#/student?class=cs101&session=…&code=123456
// In the fragment, so neither the code nor the session reaches a server log or a Referer.

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CODE = /^[A-Za-z0-9]{4,32}$/;

/** The link a phone opens to check in to this session with this code. */
export function checkInLink(origin, { classId, sessionId, code }) {
  const query = new URLSearchParams({ class: classId, session: sessionId, code });
  return `${origin}/#/student?${query}`;
}

/**
 * The check-in a location hash asks for ({ classId, sessionId, code }), or null when it names
 * none. Anything outside the identifier grammar, or a code that is not a code, is left out.
 */
export function checkInFromHash(hash) {
  const query = String(hash ?? '').split('?')[1];
  if (!query) return null;
  const params = new URLSearchParams(query);
  const classId = params.get('class');
  const sessionId = params.get('session');
  const code = params.get('code');
  if (!ID.test(classId ?? '') || !ID.test(sessionId ?? '')) return null;
  return { classId, sessionId, code: CODE.test(code ?? '') ? code : null };
}

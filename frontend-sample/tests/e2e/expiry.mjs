// Tokens that live a few seconds (the app runs with a short token-ttl and max-sign-in-age): the
// page renews its token before each expires and hands it to its STOMP session, so the dashboard
// stays live past the first token's end with no sign-in prompt and no reconnect; once the sign-in
// reaches its maximum age the server stops renewing it and the page asks to sign in again,
// keeping the view.
import assert from 'node:assert/strict';
import { DESKTOP, newPage, openFreshSession, restClient, screenshot, signIn, step, waitLive, waitRowStatus } from './support.mjs';

export async function expiry(browser, base, { maxSignInAgeSeconds }) {
  assert.ok(maxSignInAgeSeconds > 0, 'the expiry scenario needs max-sign-in-age=SECONDS (the app\'s attendance.security.token-refresh.max-sign-in-age)');
  const rest = restClient(base);
  const teacher = await newPage(browser, DESKTOP, 'teacher');
  const page = teacher.page;
  await page.goto(`${base}/#/teacher/cs101`);
  step('the teacher signs in on a deep link and lands on the class dashboard');
  const signedInAt = Date.now();
  await signIn(page, 'lovelace');
  await page.getByRole('heading', { name: 'Introduction to Computer Science' }).waitFor();
  await openFreshSession(page);
  await waitLive(page);
  const first = await page.evaluate(() => JSON.parse(localStorage.getItem('attendance-live.auth')));
  const lifetime = first.expiresAt - first.issuedAt;
  step(`  the first token lives ${lifetime / 1000} s`);
  assert.ok(lifetime <= 10000, 'the scenario needs tokens that live a few seconds');

  step("past the first token's end (and the server's clock skew and sweep), the dashboard is still live");
  await page.waitForFunction((end) => Date.now() > end, first.expiresAt + 3500, { timeout: 30000, polling: 200 });
  const sessionId = await openSessionId(rest);
  const { status } = await rest('kiosk', 'POST', `/api/classes/cs101/sessions/${sessionId}/check-ins`, { studentId: 'alice' });
  assert.equal(status, 201);
  await waitRowStatus(page, 'alice', 'PRESENT', 3000);
  const state = await page.evaluate(() => ({
    auth: JSON.parse(localStorage.getItem('attendance-live.auth')),
    connects: window.attendanceLive.connection.connects,
    refreshes: window.attendanceLive.connection.tokenRefreshes,
    shown: document.querySelector('#connection').dataset.state,
  }));
  step(`  ${state.refreshes} token refreshes in the channel, ${state.connects} CONNECT`);
  assert.notEqual(state.auth.token, first.token, 'the token was renewed');
  assert.ok(state.auth.expiresAt > first.expiresAt + 3000, 'the renewed token ends later');
  assert.ok(state.refreshes >= 1, 'the new token was handed to the open session');
  assert.equal(state.connects, 1, 'the session went on without a reconnect');
  assert.equal(state.shown, 'live');
  assert.equal(await page.getByRole('heading', { name: 'Sign in' }).count(), 0, 'no sign-in prompt');

  step('at the maximum age of the sign-in the server stops renewing: the page asks to sign in again');
  await page.locator('.notice', { hasText: 'expired' }).waitFor({ timeout: (maxSignInAgeSeconds + 15) * 1000 });
  const askedAfter = (Date.now() - signedInAt) / 1000;
  step(`  asked ${askedAfter.toFixed(1)} s after signing in`);
  // The server counts the age from its sign-in time in whole seconds and expires_in is whole
  // seconds too: the last token may end up to 2 s before the age is reached.
  assert.ok(askedAfter >= maxSignInAgeSeconds - 2.5, `asked to sign in after ${askedAfter} s, before the sign-in's maximum age`);
  assert.equal(await page.locator('#connection').isHidden(), true, 'the live connection should be closed');
  assert.equal(await page.evaluate(() => window.attendanceLive.connection), null);
  await screenshot(page, 'sign-in-expired');

  step('signing in again brings the same view back, live');
  await signIn(page, 'lovelace');
  await page.getByRole('heading', { name: 'Introduction to Computer Science' }).waitFor();
  assert.match(page.url(), /#\/teacher\/cs101$/);
  await waitLive(page);

  step('a refused token on the server side also asks to sign in again');
  await page.evaluate(() => {
    const auth = JSON.parse(localStorage.getItem('attendance-live.auth'));
    auth.token = `${auth.token.split('.').slice(0, 2).join('.')}.forged-signature`;
    localStorage.setItem('attendance-live.auth', JSON.stringify(auth));
    window.attendanceLive.connection.dropConnection();
  });
  await page.locator('.notice', { hasText: 'expired' }).waitFor({ timeout: 20000 });
}

async function openSessionId(rest) {
  const { body } = await rest('admin', 'GET', '/api/classes');
  const cs101 = body.find((c) => c.id === 'cs101');
  assert.ok(cs101?.openSessionId, 'cs101 has an open session');
  return cs101.openSessionId;
}

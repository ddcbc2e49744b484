// End-to-end scenarios in real browsers: Playwright (playwright-core) driving Debian's Chromium
// against a running app with the demo data.
//
//   node tests/e2e.mjs http://localhost:8080 [classroom|expiry]
//
// Exit code 0 when every check passed. FrontendBrowserTest runs this from ./mvnw verify.
// With ATTENDANCE_SCREENSHOTS=DIR, screenshots of each view are written to DIR.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [base, scenario = 'classroom'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node tests/e2e.mjs BASE_URL [classroom|expiry]');
  process.exit(2);
}
const screenshots = process.env.ATTENDANCE_SCREENSHOTS ? resolve(process.env.ATTENDANCE_SCREENSHOTS) : null;
if (screenshots) mkdirSync(screenshots, { recursive: true });

const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const pageErrors = [];

function step(text) {
  console.log(`- ${text}`);
}

async function screenshot(page, name) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: false });
}

async function newPage(browser, options, label) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  watch(page, label);
  context.on('page', (popup) => watch(popup, `${label} popup`));
  return { context, page };
}

function watch(page, label) {
  page.on('pageerror', (error) => pageErrors.push(`${label}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.log(`  [${label} console] ${message.text()}`);
  });
}

async function signIn(page, username, { viaKeyboard = false } = {}) {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill('demo');
  if (viaKeyboard) await page.getByLabel('Password').press('Enter');
  else await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who').filter({ hasText: `Signed in as ${username}` }).waitFor();
}

async function waitLive(page, timeout = 15000) {
  await page.locator('#connection[data-state="live"]').waitFor({ timeout });
}

function row(page, student) {
  return page.locator(`tr[data-student="${student}"]`);
}

async function rowStatus(page, student) {
  return row(page, student).getAttribute('data-status');
}

async function counts(page) {
  return page.locator('.counts li').evaluateAll((items) =>
    Object.fromEntries(items.map((item) => [item.dataset.status, Number(item.querySelector('.count-value').textContent)])));
}

/** The server's event log of a class, read with the page's own token. */
async function serverEvents(page, classId) {
  return page.evaluate(async (id) => {
    const { token } = JSON.parse(localStorage.getItem('attendance-live.auth'));
    const response = await fetch(`/api/classes/${id}/events?afterSeq=0`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await response.json();
    return Array.isArray(body) ? body : body.events ?? body.content;
  }, classId);
}

/**
 * What can be checked by machine of accessibility on the current view: every form control has a
 * label, every button and link a name, text meets WCAG AA contrast (4.5:1, 3:1 for large text),
 * and nothing is wider than the screen (phones).
 */
async function checkAccessible(page, view) {
  const problems = await page.evaluate(() => {
    const found = [];
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const control of document.querySelectorAll('input, select, textarea')) {
      if (visible(control) && control.labels.length === 0 && !control.getAttribute('aria-label')) found.push(`no label: ${describe(control)}`);
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (visible(el) && !(el.textContent.trim() || el.getAttribute('aria-label'))) found.push(`no name: ${describe(el)}`);
    }
    const rgb = (value) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => [r, g, b]
      .map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (el) => {
      for (let node = el; node; node = node.parentElement) {
        const color = rgb(getComputedStyle(node).backgroundColor);
        if (color.length === 3 || color[3] > 0.5) return color.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const el = text.parentElement;
      if (!text.textContent.trim() || !visible(el) || el.closest('.visually-hidden, noscript')) continue;
      const style = getComputedStyle(el);
      const [l1, l2] = [luminance(rgb(style.color)), luminance(background(el))].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) found.push(`contrast ${ratio.toFixed(2)}: ${describe(el)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      found.push(`wider than the screen: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    }
    if (!document.documentElement.lang) found.push('no lang on <html>');
    return found;
  });
  assert.deepEqual(problems, [], `accessibility problems on the ${view} view`);
}

async function checkIn(page, classId, code) {
  const card = page.locator(`li[data-class="${classId}"]`);
  await card.getByLabel('Code from the projector').fill(code);
  await card.getByRole('button', { name: 'Check in' }).click();
}

// ---- scenarios ----------------------------------------------------------------------------

async function classroom(browser) {
  const teacher = await newPage(browser, DESKTOP, 'teacher');
  await teacher.page.goto(base);
  await teacher.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await teacher.page.getByRole('button', { name: 'Sign out' }).isVisible(), false);
  await checkAccessible(teacher.page, 'sign-in');
  await screenshot(teacher.page, 'sign-in');

  step('the teacher signs in and sees the classes taught');
  await signIn(teacher.page, 'lovelace');
  await teacher.page.getByRole('heading', { name: 'Your classes' }).waitFor();
  await checkAccessible(teacher.page, 'classes');
  await screenshot(teacher.page, 'teacher-classes');
  await teacher.page.getByRole('link', { name: 'Open dashboard for Introduction to Computer Science' }).click();

  step('the teacher opens a session for cs101');
  const openButton = teacher.page.getByRole('button', { name: 'Open session' });
  const closeButton = teacher.page.getByRole('button', { name: 'Close session' });
  await openButton.or(closeButton).waitFor();
  if (await closeButton.isVisible()) {
    // Left open by an earlier run against the same server: close it first.
    teacher.page.once('dialog', (confirmation) => confirmation.accept());
    await closeButton.click();
    await teacher.page.getByRole('button', { name: 'Start a new session' }).click();
  }
  await openButton.click();
  await teacher.page.getByRole('table').waitFor();
  await waitLive(teacher.page);
  assert.equal(await teacher.page.getByRole('button', { name: 'Start a new session' }).isVisible(), false);
  assert.equal(await rowStatus(teacher.page, 'alice'), 'PENDING');
  assert.deepEqual(await counts(teacher.page), { PRESENT: 0, LATE: 0, ABSENT: 0, EXCUSED: 0, PENDING: 3 });

  step('the projector view shows the code');
  const [projector] = await Promise.all([
    teacher.context.waitForEvent('page'),
    teacher.page.getByRole('link', { name: /Open projector view/ }).click(),
  ]);
  const codeLocator = projector.locator('#projector-code');
  await projector.waitForFunction(() => /^[A-Za-z0-9]{6,}$/.test(document.querySelector('#projector-code')?.textContent ?? ''));
  await projector.getByRole('heading', { name: 'Introduction to Computer Science' }).waitFor();
  let code = (await codeLocator.textContent()).trim();
  assert.equal(await projector.locator('#projector-count').textContent(), '0');

  step('alice, on a phone in a second browser context, checks in with the projector code');
  const alice = await newPage(browser, PHONE, 'alice');
  await alice.page.goto(base);
  await signIn(alice.page, 'alice', { viaKeyboard: true });
  await alice.page.getByRole('heading', { name: 'Check in' }).waitFor();
  await waitLive(alice.page);
  const started = Date.now();
  await checkIn(alice.page, 'cs101', code);
  await row(teacher.page, 'alice').and(teacher.page.locator('[data-status="PRESENT"]')).waitFor({ timeout: 5000 });
  const elapsed = Date.now() - started;
  step(`the teacher's roster showed alice ${elapsed} ms after she pressed Check in`);
  assert.ok(elapsed <= 2000, `roster showed alice after ${elapsed} ms, more than 2 s`);

  step('alice sees her own status arrive live; the projector counts her, without names');
  await alice.page.locator('#status-cs101[data-source="live"][data-status="PRESENT"]').waitFor({ timeout: 5000 });
  await projector.locator('#projector-count', { hasText: '1' }).waitFor({ timeout: 5000 });
  await checkAccessible(alice.page, 'student (phone)');
  await checkAccessible(projector, 'projector');
  await screenshot(alice.page, 'student-phone');
  await screenshot(projector, 'projector');

  step("the teacher's connection is cut");
  code = (await codeLocator.textContent()).trim();
  const seqBeforeCut = Number(await teacher.page.locator('#last-seq').getAttribute('data-seq'));
  await teacher.context.setOffline(true);
  await teacher.page.evaluate(() => window.attendanceLive.connection.dropConnection());
  await teacher.page.locator('#connection[data-state="reconnecting"]').waitFor({ timeout: 5000 });
  await screenshot(teacher.page, 'teacher-reconnecting');

  step('bob checks in during the cut');
  const bob = await newPage(browser, PHONE, 'bob');
  await bob.page.goto(base);
  await signIn(bob.page, 'bob');
  await waitLive(bob.page);
  await checkIn(bob.page, 'cs101', code);
  await bob.page.locator('#status-cs101[data-status="PRESENT"]').waitFor({ timeout: 5000 });
  await teacher.page.waitForTimeout(1000);
  assert.equal(await rowStatus(teacher.page, 'bob'), 'PENDING', 'the cut teacher page should not have seen bob yet');
  assert.equal(Number(await teacher.page.locator('#last-seq').getAttribute('data-seq')), seqBeforeCut);

  step('the connection comes back: the roster catches up with afterSeq');
  await teacher.context.setOffline(false);
  await waitLive(teacher.page, 20000);
  await row(teacher.page, 'bob').and(teacher.page.locator('[data-status="PRESENT"]')).waitFor({ timeout: 10000 });
  await projector.locator('#projector-count', { hasText: '2' }).waitFor({ timeout: 10000 });
  assert.deepEqual(await counts(teacher.page), { PRESENT: 2, LATE: 0, ABSENT: 0, EXCUSED: 0, PENDING: 1 });
  for (const student of ['alice', 'bob', 'dave']) assert.equal(await row(teacher.page, student).count(), 1, `one row for ${student}`);

  step("a subscription the server refuses (another teacher's class) is dropped; the page stays live");
  const refusal = await teacher.page.evaluate(() => new Promise((resolve) => {
    window.attendanceLive.connection.subscribe('/topic/attendance/math201', () => resolve('received an event'), () => {}, resolve);
    setTimeout(() => resolve('no refusal within 10 s'), 10000);
  }));
  step(`  refused: ${refusal}`);
  assert.ok(!/^(received|no refusal)/.test(refusal), refusal);
  await waitLive(teacher.page, 20000);

  step('the teacher excuses dave, with the keyboard');
  await row(teacher.page, 'dave').getByRole('button', { name: /Correct/ }).focus();
  await teacher.page.keyboard.press('Enter');
  const dialog = teacher.page.getByRole('dialog', { name: /Correct/ });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('New status').inputValue(), 'EXCUSED');
  await dialog.getByLabel('Reason').fill("Doctor's appointment");
  await dialog.getByRole('button', { name: 'Save' }).click();
  await row(teacher.page, 'dave').and(teacher.page.locator('[data-status="EXCUSED"]')).waitFor({ timeout: 5000 });
  assert.match(await row(teacher.page, 'dave').textContent(), /Doctor's appointment/);
  await teacher.page.locator('.toast').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  await checkAccessible(teacher.page, 'teacher dashboard');
  await screenshot(teacher.page, 'teacher-dashboard');
  await teacher.page.setViewportSize(PHONE.viewport);
  await checkAccessible(teacher.page, 'teacher dashboard (phone)');
  await screenshot(teacher.page, 'teacher-phone');
  await teacher.page.setViewportSize(DESKTOP.viewport);

  step('every event is shown exactly once, in seq order, and the page is up to date with the server');
  const events = await serverEvents(teacher.page, 'cs101');
  const lastSeq = Math.max(...events.map((e) => e.seq));
  await teacher.page.locator(`#last-seq[data-seq="${lastSeq}"]`).waitFor({ timeout: 5000 });
  const shown = await teacher.page.locator('.activity li').evaluateAll((items) => items.map((item) => Number(item.dataset.seq)));
  const ascending = [...shown].reverse();
  assert.equal(new Set(shown).size, shown.length, `no event shown twice: ${shown}`);
  assert.deepEqual(ascending, events.filter((e) => e.seq > ascending[0] - 1).map((e) => e.seq), 'the activity list has no gap');
  assert.equal(ascending.at(-1), lastSeq);
  assert.ok(events.some((e) => e.type === 'CHECKED_IN' && e.studentId === 'bob' && e.seq > seqBeforeCut));

  step('the teacher closes the session');
  teacher.page.once('dialog', (confirmation) => confirmation.accept());
  await teacher.page.getByRole('button', { name: 'Close session' }).click();
  await teacher.page.locator('#session-state', { hasText: 'Closed' }).waitFor({ timeout: 5000 });
  assert.deepEqual(await counts(teacher.page), { PRESENT: 2, LATE: 0, ABSENT: 0, EXCUSED: 1, PENDING: 0 });
  await projector.locator('.projector-message', { hasText: 'closed' }).waitFor({ timeout: 5000 });

  step('the projector never showed a student name');
  const projectorText = await projector.locator('body').innerText();
  for (const name of ['alice', 'bob', 'dave']) assert.ok(!projectorText.toLowerCase().includes(name), `projector shows ${name}`);
}

async function expiry(browser) {
  const teacher = await newPage(browser, DESKTOP, 'teacher');
  await teacher.page.goto(`${base}/#/teacher/cs101`);
  step('the teacher signs in on a deep link and lands on the class dashboard');
  await signIn(teacher.page, 'lovelace');
  await teacher.page.getByRole('heading', { name: 'Introduction to Computer Science' }).waitFor();
  await waitLive(teacher.page);
  const expiresAt = await teacher.page.evaluate(() => JSON.parse(localStorage.getItem('attendance-live.auth')).expiresAt);

  step('the token expires: the page asks to sign in again');
  await teacher.page.locator('.notice', { hasText: 'expired' }).waitFor({ timeout: 30000 });
  assert.ok(Date.now() >= expiresAt - 1000, 'asked to sign in before the token expired');
  assert.equal(await teacher.page.locator('#connection').isHidden(), true, 'the live connection should be closed');
  assert.equal(await teacher.page.evaluate(() => window.attendanceLive.connection), null);
  await screenshot(teacher.page, 'sign-in-expired');

  step('signing in again brings the same view back, live');
  await signIn(teacher.page, 'lovelace');
  await teacher.page.getByRole('heading', { name: 'Introduction to Computer Science' }).waitFor();
  assert.match(teacher.page.url(), /#\/teacher\/cs101$/);
  await waitLive(teacher.page);

  step('a refused token on the server side also asks to sign in again');
  await teacher.page.evaluate(() => {
    const auth = JSON.parse(localStorage.getItem('attendance-live.auth'));
    auth.token = `${auth.token.split('.').slice(0, 2).join('.')}.forged-signature`;
    localStorage.setItem('attendance-live.auth', JSON.stringify(auth));
    window.attendanceLive.connection.dropConnection();
  });
  await teacher.page.locator('.notice', { hasText: 'expired' }).waitFor({ timeout: 20000 });
}

// ---- run ----------------------------------------------------------------------------------

const scenarios = { classroom, expiry };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  if (!scenarios[scenario]) throw new Error(`unknown scenario ${scenario}`);
  await scenarios[scenario](browser);
  assert.deepEqual(pageErrors, [], 'uncaught errors in the pages');
  console.log(`e2e ${scenario}: passed`);
} catch (error) {
  failed = true;
  console.error(`e2e ${scenario}: FAILED\n${error.stack ?? error}`);
  if (pageErrors.length) console.error(`page errors:\n${pageErrors.join('\n')}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

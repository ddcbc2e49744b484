// A lesson: the teacher opens a session and the projector; alice scans the QR code on her phone
// and checks in with one tap; the QR code follows the rotating code; the teacher's connection is
// cut while events are committed, and comes back as soon as the network does, with every event
// once and in order; a correction, the close, and the projector never showing a name.
import assert from 'node:assert/strict';
import {
  activitySeqs, activityTexts, checkAccessible, checkIn, counts, decodeQr, DESKTOP, newPage, openFreshSession, PHONE, restClient, row,
  rowStatus, screenshot, serverEvents, signIn, step, waitLive, waitRowStatus,
} from './support.mjs';

export async function classroom(browser, base) {
  const rest = restClient(base);
  const teacher = await newPage(browser, DESKTOP, 'teacher');
  const catchUpCalls = [];
  teacher.page.on('request', (request) => { if (/\/events\b/.test(new URL(request.url()).pathname)) catchUpCalls.push(request.url()); });
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

  step('the teacher opens a session for cs101; the roster shows display names');
  await openFreshSession(teacher.page);
  await waitLive(teacher.page);
  assert.equal(await teacher.page.getByRole('button', { name: 'Start a new session' }).isVisible(), false);
  assert.equal(await rowStatus(teacher.page, 'alice'), 'PENDING');
  assert.deepEqual(await counts(teacher.page), { PRESENT: 0, LATE: 0, ABSENT: 0, EXCUSED: 0, PENDING: 3 });
  assert.match(await row(teacher.page, 'alice').locator('th').textContent(), /^Alice \(alice\)$/);

  step('the projector view shows the code as text and as a QR code of the check-in link');
  const [projector] = await Promise.all([
    teacher.context.waitForEvent('page'),
    teacher.page.getByRole('link', { name: /Open projector view/ }).click(),
  ]);
  await projector.getByRole('heading', { name: 'Introduction to Computer Science' }).waitFor();
  await projector.waitForFunction(() => /^[A-Za-z0-9]{6,}$/.test(document.querySelector('#projector-code')?.textContent ?? ''));
  await projector.locator('#projector-qr svg').waitFor();
  const [code, link] = await codeAndQr(projector);
  step(`  the QR code holds ${link}`);
  assert.equal(link, await projector.locator('#projector-qr').getAttribute('data-link'));
  const url = new URL(link);
  assert.equal(url.origin, new URL(base).origin);
  assert.match(url.hash, new RegExp(`^#/student\\?class=cs101&session=[A-Za-z0-9_-]+&code=${code}$`));
  assert.equal(await projector.locator('#projector-count').textContent(), '0');

  step('alice scans it on her phone: she signs in and the check-in is filled in; one tap checks her in');
  const alice = await newPage(browser, PHONE, 'alice');
  await alice.page.goto(link);
  await signIn(alice.page, 'alice', { viaKeyboard: true });
  const card = alice.page.locator('li[data-class="cs101"]');
  await card.and(alice.page.locator('.from-link')).waitFor();
  assert.equal(await card.getByLabel('Code from the projector').inputValue(), code);
  assert.doesNotMatch(alice.page.url(), /code=/, 'the code is taken out of the address once used');
  await waitLive(alice.page);
  const started = Date.now();
  await card.getByRole('button', { name: 'Check in' }).tap();
  await waitRowStatus(teacher.page, 'alice', 'PRESENT');
  const elapsed = Date.now() - started;
  step(`the teacher's roster showed alice ${elapsed} ms after she tapped Check in`);
  assert.ok(elapsed <= 2000, `roster showed alice after ${elapsed} ms, more than 2 s`);

  step('alice sees her own status arrive live, in words; the projector counts her, without names');
  await alice.page.locator('#status-cs101[data-source="live"][data-status="PRESENT"]').waitFor({ timeout: 5000 });
  assert.deepEqual(await activityTexts(alice.page), ['Introduction to Computer Science (cs101): Present']);
  await projector.locator('#projector-count', { hasText: '1' }).waitFor({ timeout: 5000 });
  await checkAccessible(alice.page, 'student (phone)');
  await checkAccessible(projector, 'projector');
  await screenshot(alice.page, 'student-phone');
  await screenshot(projector, 'projector');

  step('the code rotates: the QR code changes with it');
  await projector.waitForFunction((old) => {
    const shown = document.querySelector('#projector-code')?.textContent?.trim();
    return /^[A-Za-z0-9]{6,}$/.test(shown ?? '') && shown !== old;
  }, code, { timeout: 35000 });
  const [rotated, rotatedLink] = await codeAndQr(projector);
  step(`  now ${rotated}, and the QR code holds ${rotatedLink}`);
  assert.ok(rotatedLink.endsWith(`&code=${rotated}`), `the QR code after the rotation holds ${rotatedLink}, the text shows ${rotated}`);
  assert.notEqual(rotatedLink, link);

  await cutAndRestore({ teacher, projector, browser, base, rest, catchUpCalls });
  await correctAndClose({ teacher, projector });
}

/** The code shown as text and the link its QR code holds, read again if a rotation came in between. */
async function codeAndQr(projector) {
  for (let attempt = 0; ; attempt++) {
    const code = (await projector.locator('#projector-code').textContent()).trim();
    const link = await decodeQr(projector.locator('#projector-qr svg'));
    if (link.endsWith(`&code=${code}`) || attempt === 2) return [code, link];
  }
}

/** (a) a dropped connection, events committed meanwhile, (d) reconnecting at once on `online`. */
async function cutAndRestore({ teacher, projector, browser, base, rest, catchUpCalls }) {
  const page = teacher.page;
  step("the teacher's network goes away and the socket with it: the page says it is reconnecting");
  const code = (await projector.locator('#projector-code').textContent()).trim();
  const sessionId = new URL(await projector.locator('#projector-qr').getAttribute('data-link')).hash.match(/session=([^&]+)/)[1];
  const seqBeforeCut = Number(await page.locator('#last-seq').getAttribute('data-seq'));
  const connectsBefore = await page.evaluate(() => window.attendanceLive.connection.connects);
  await teacher.context.setOffline(true);
  await page.evaluate(() => window.attendanceLive.connection.dropConnection());
  await page.locator('#connection[data-state="reconnecting"]').waitFor({ timeout: 5000 });
  await page.locator('#connection-banner', { hasText: 'Reconnecting' }).waitFor({ timeout: 5000 });

  step('meanwhile bob checks in on his phone, and an admin corrects alice twice over REST');
  const bob = await newPage(browser, PHONE, 'bob');
  await bob.page.goto(base);
  await signIn(bob.page, 'bob');
  await waitLive(bob.page);
  await checkIn(bob.page, 'cs101', code);
  await bob.page.locator('#status-cs101[data-status="PRESENT"]').waitFor({ timeout: 5000 });
  for (const [status, reason] of [['LATE', 'Arrived after the bell'], ['PRESENT', 'Was in the lab next door']]) {
    const { status: http } = await rest('admin', 'PUT', `/api/classes/cs101/sessions/${sessionId}/attendance/alice`, { status, reason });
    assert.equal(http, 200, `admin sets alice ${status}`);
  }
  const committed = (await serverEvents(rest, 'cs101')).filter((e) => e.seq > seqBeforeCut);
  assert.deepEqual(committed.map((e) => e.type), ['CHECKED_IN', 'STATUS_CHANGED', 'STATUS_CHANGED']);
  assert.equal(await rowStatus(page, 'bob'), 'PENDING', 'the cut page should not have seen bob yet');
  assert.equal(Number(await page.locator('#last-seq').getAttribute('data-seq')), seqBeforeCut);

  step('the page backs off while the network is away');
  await page.waitForFunction(() => {
    const { reconnector } = window.attendanceLive.connection;
    return reconnector.pendingDelay >= 4000 && reconnector.dueAt - Date.now() > 3000;
  }, null, { timeout: 20000, polling: 50 });
  const waitLeft = await page.evaluate(() => window.attendanceLive.connection.reconnector.dueAt - Date.now());
  await screenshot(page, 'teacher-reconnecting');

  step('the network comes back: the page reconnects at once, not after its back-off');
  await page.evaluate(() => {
    window.onlineAt = null;
    window.addEventListener('online', () => { window.onlineAt = performance.now(); }, { once: true });
  });
  await teacher.context.setOffline(false);
  await waitLive(page, 20000);
  const { onlineToConnected, connects } = await page.evaluate(() => ({
    onlineToConnected: window.attendanceLive.connection.connectedAt - window.onlineAt,
    connects: window.attendanceLive.connection.connects,
  }));
  step(`  CONNECTED ${Math.round(onlineToConnected)} ms after the online event; the back-off still had ${waitLeft} ms to wait`);
  assert.ok(onlineToConnected >= 0 && onlineToConnected < 1000, `reconnected ${onlineToConnected} ms after online`);
  assert.ok(onlineToConnected < waitLeft - 1500, 'well below the back-off');
  assert.equal(connects, connectsBefore + 1, 'one reconnect');
  await page.locator('#connection-banner').waitFor({ state: 'hidden', timeout: 2000 });

  step('what was committed during the cut arrives once each, in order, replayed in the channel (after-seq)');
  await waitRowStatus(page, 'bob', 'PRESENT', 10000);
  const lastCommitted = committed.at(-1).seq;
  await page.locator(`#last-seq[data-seq="${lastCommitted}"]`).waitFor({ timeout: 10000 });
  const seen = (await activitySeqs(page)).filter((seq) => seq > seqBeforeCut);
  assert.deepEqual(seen, committed.map((e) => e.seq), 'every event of the cut once, in seq order');
  assert.match(await page.locator(`.activity li[data-seq="${committed[1].seq}"]`).textContent(),
    /Alice: Present → Late by admin \(Arrived after the bell\)$/);
  assert.equal(await rowStatus(page, 'alice'), 'PRESENT');
  assert.match(await row(page, 'alice').textContent(), /Was in the lab next door/);
  await projector.locator('#projector-count', { hasText: '2' }).waitFor({ timeout: 10000 });
  assert.deepEqual(await counts(page), { PRESENT: 2, LATE: 0, ABSENT: 0, EXCUSED: 0, PENDING: 1 });
  for (const student of ['alice', 'bob', 'dave']) assert.equal(await row(page, student).count(), 1, `one row for ${student}`);
  assert.deepEqual(catchUpCalls, [], 'no REST catch-up: the replay came with the SUBSCRIBE');
}

async function correctAndClose({ teacher, projector }) {
  const page = teacher.page;
  step("a subscription the server refuses (another teacher's class) is dropped; the page stays live");
  const refusal = await page.evaluate(() => new Promise((resolve) => {
    window.attendanceLive.connection.subscribe('/topic/attendance/math201', () => resolve('received an event'), { onRefused: resolve });
    setTimeout(() => resolve('no refusal within 10 s'), 10000);
  }));
  step(`  refused: ${refusal}`);
  assert.ok(!/^(received|no refusal)/.test(refusal), refusal);
  await waitLive(page, 20000);

  step('the teacher excuses dave, with the keyboard');
  await row(page, 'dave').getByRole('button', { name: /Correct/ }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Correct/ });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('New status').inputValue(), 'EXCUSED');
  await dialog.getByLabel('Reason').fill("Doctor's appointment");
  await dialog.getByRole('button', { name: 'Save' }).click();
  await waitRowStatus(page, 'dave', 'EXCUSED');
  assert.match(await row(page, 'dave').textContent(), /Doctor's appointment/);
  assert.match(await page.locator('.activity li[data-type="STATUS_CHANGED"]').first().textContent(),
    /Dave: — → Excused by lovelace \(Doctor's appointment\)$/);
  await page.locator('.toast').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
  await checkAccessible(page, 'teacher dashboard');
  await screenshot(page, 'teacher-dashboard');
  await page.setViewportSize(PHONE.viewport);
  await checkAccessible(page, 'teacher dashboard (phone)');
  await screenshot(page, 'teacher-phone');
  await page.setViewportSize(DESKTOP.viewport);

  step('the teacher closes the session');
  page.once('dialog', (confirmation) => confirmation.accept());
  await page.getByRole('button', { name: 'Close session' }).click();
  await page.locator('#session-state', { hasText: 'Closed' }).waitFor({ timeout: 5000 });
  assert.deepEqual(await counts(page), { PRESENT: 2, LATE: 0, ABSENT: 0, EXCUSED: 1, PENDING: 0 });
  await projector.locator('.projector-message', { hasText: 'closed' }).waitFor({ timeout: 5000 });
  assert.equal(await projector.locator('#projector-qr').isHidden(), true, 'no QR code for a closed session');

  step('the projector never showed a student name');
  const projectorText = await projector.locator('body').innerText();
  for (const name of ['alice', 'bob', 'dave']) assert.ok(!projectorText.toLowerCase().includes(name), `projector shows ${name}`);
}

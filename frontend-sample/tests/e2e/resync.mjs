// Too far behind for a replay (the app runs with a small attendance.realtime.replay-limit): the
// reconnected dashboard gets a RESYNC instead of the events, reloads the roster, and goes on live
// from its seq.
import assert from 'node:assert/strict';
import {
  activitySeqs, counts, DESKTOP, newPage, openFreshSession, restClient, row, rowStatus, serverEvents, signIn, step, waitLive, waitRowStatus,
} from './support.mjs';

export async function resync(browser, base, { replayLimit }) {
  assert.ok(replayLimit > 0 && replayLimit < 3, 'the resync scenario needs replay-limit=1 or 2 (the app\'s attendance.realtime.replay-limit)');
  const rest = restClient(base);
  const teacher = await newPage(browser, DESKTOP, 'teacher');
  const page = teacher.page;
  const catchUpCalls = [];
  page.on('request', (request) => { if (/\/events\b/.test(new URL(request.url()).pathname)) catchUpCalls.push(request.url()); });
  await page.goto(`${base}/#/teacher/cs101`);
  await signIn(page, 'lovelace');
  await openFreshSession(page);
  await waitLive(page);
  const { body: classes } = await rest('admin', 'GET', '/api/classes');
  const sessionId = classes.find((c) => c.id === 'cs101').openSessionId;
  const seqBeforeCut = Number(await page.locator('#last-seq').getAttribute('data-seq'));

  step(`the connection is cut while three events are committed, more than the replay limit (${replayLimit})`);
  await teacher.context.setOffline(true);
  await page.evaluate(() => window.attendanceLive.connection.dropConnection());
  await page.locator('#connection[data-state="reconnecting"]').waitFor({ timeout: 5000 });
  for (const student of ['alice', 'bob']) {
    assert.equal((await rest('kiosk', 'POST', `/api/classes/cs101/sessions/${sessionId}/check-ins`, { studentId: student })).status, 201);
  }
  assert.equal((await rest('admin', 'PUT', `/api/classes/cs101/sessions/${sessionId}/attendance/dave`,
    { status: 'EXCUSED', reason: 'Bus strike' })).status, 200);
  const latest = (await serverEvents(rest, 'cs101')).at(-1).seq;
  assert.equal(latest, seqBeforeCut + 3);

  step('back online: a RESYNC, and the roster is read again instead');
  await teacher.context.setOffline(false);
  await waitLive(page, 20000);
  await page.locator('.activity li[data-type="RESYNC"]').waitFor({ timeout: 10000 });
  await waitRowStatus(page, 'dave', 'EXCUSED');
  assert.equal(await rowStatus(page, 'alice'), 'PRESENT');
  assert.equal(await rowStatus(page, 'bob'), 'PRESENT');
  assert.match(await row(page, 'dave').textContent(), /Bus strike/);
  assert.equal(Number(await page.locator('#last-seq').getAttribute('data-seq')), latest);
  assert.deepEqual((await activitySeqs(page)).filter((seq) => seq > seqBeforeCut), [], 'the missed events are not replayed one by one');

  step('and the live events after it arrive as usual, once');
  assert.equal((await rest('admin', 'PUT', `/api/classes/cs101/sessions/${sessionId}/attendance/bob`,
    { status: 'LATE', reason: 'Came back late from the break' })).status, 200);
  await waitRowStatus(page, 'bob', 'LATE');
  assert.deepEqual((await activitySeqs(page)).filter((seq) => seq > seqBeforeCut), [latest + 1]);
  assert.deepEqual(await counts(page), { PRESENT: 1, LATE: 1, ABSENT: 0, EXCUSED: 1, PENDING: 0 });
  assert.equal(await page.locator('.activity li[data-type="RESYNC"]').count(), 1);
  assert.deepEqual(catchUpCalls, [], 'no REST catch-up');
}

// The dashboard's CSV downloads (contract "Exports"): fetched with the bearer token and saved as
// files, for the session on screen and for a date range of the class's sessions.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DESKTOP, newPage, openFreshSession, restClient, signIn, step, waitLive, waitRowStatus } from './support.mjs';

const SESSION_HEADER = 'student_id,name,status,checked_in_at,source,changed_by,reason';

export async function exportsScenario(browser, base) {
  const rest = restClient(base);
  const teacher = await newPage(browser, { ...DESKTOP, acceptDownloads: true }, 'teacher');
  const page = teacher.page;
  await page.goto(`${base}/#/teacher/cs101`);
  await signIn(page, 'lovelace');
  await openFreshSession(page);
  await waitLive(page);
  const { body: classes } = await rest('admin', 'GET', '/api/classes');
  const sessionId = classes.find((c) => c.id === 'cs101').openSessionId;

  step('a kiosk checks alice in; the teacher excuses dave with a reason that looks like a formula');
  assert.equal((await rest('kiosk', 'POST', `/api/classes/cs101/sessions/${sessionId}/check-ins`, { studentId: 'alice' })).status, 201);
  assert.equal((await rest('lovelace', 'PUT', `/api/classes/cs101/sessions/${sessionId}/attendance/dave`,
    { status: 'EXCUSED', reason: '=HYPERLINK("x")' })).status, 200);
  await waitRowStatus(page, 'dave', 'EXCUSED');

  step("the teacher downloads this session's CSV");
  const sessionCsv = await download(page, () => page.getByRole('button', { name: 'Download this session (CSV)' }).click());
  step(`  ${sessionCsv.name}: ${sessionCsv.lines.length} lines`);
  assert.match(sessionCsv.name, /\.csv$/);
  assert.equal(sessionCsv.lines[0], SESSION_HEADER);
  assert.deepEqual(sessionCsv.lines.slice(1).map((line) => line.split(',')[0]).sort(), ['alice', 'bob', 'dave']);
  assert.match(sessionCsv.lines.find((line) => line.startsWith('alice,')), /,PRESENT,/);
  assert.match(sessionCsv.lines.find((line) => line.startsWith('dave,')), /,EXCUSED,.*'=HYPERLINK/);
  await page.locator('#export-status', { hasText: `Downloaded ${sessionCsv.name}` }).waitFor();

  step('and every session of the class opened from yesterday to tomorrow (whatever the time zones)');
  const [yesterday, tomorrow] = await page.evaluate(() => [-1, 1].map((days) => {
    const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  }));
  await page.getByLabel('From').fill(yesterday);
  await page.getByLabel('To').fill(tomorrow);
  const rangeCsv = await download(page, () => page.getByRole('button', { name: 'Download sessions (CSV)' }).click());
  step(`  ${rangeCsv.name}: ${rangeCsv.lines.length} lines`);
  assert.equal(rangeCsv.lines[0], `session_id,opened_at,${SESSION_HEADER}`);
  assert.ok(rangeCsv.lines.some((line) => line.startsWith(`${sessionId},`) && line.includes(',alice,')), 'this session is in the range');

  step('a range that ends before it starts is refused in the page, and nothing is fetched');
  await page.getByLabel('From').fill('2030-01-02');
  await page.getByLabel('To').fill('2030-01-01');
  await page.getByRole('button', { name: 'Download sessions (CSV)' }).click();
  await page.locator('#export-status', { hasText: 'The start date is after the end date.' }).waitFor();
}

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), click()]);
  const failure = await file.failure();
  assert.equal(failure, null, `the download failed: ${failure}`);
  const text = await readFile(await file.path(), 'utf8');
  return { name: file.suggestedFilename(), lines: text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line !== '') };
}

// End-to-end scenarios in real browsers: Playwright (playwright-core) driving Debian's Chromium
// against a running app with the demo data.
//
//   node tests/e2e.mjs BASE_URL [classroom|expiry|resync|exports] [max-sign-in-age=SECONDS] [replay-limit=N]
//
// classroom  a lesson: QR check-in, code rotation, a cut connection and its replay, corrections, close
// expiry     the app runs with short tokens: renewal in place, then a sign-in past its maximum age
// resync     the app runs with a replay limit of 2: a RESYNC after a cut, and the roster read again
// exports    the dashboard's CSV downloads
//
// Exit code 0 when every check passed. The Frontend*BrowserTest classes run these from ./mvnw verify. With ATTENDANCE_SCREENSHOTS=DIR,
// screenshots of each view are written to DIR.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { classroom } from './e2e/classroom.mjs';
import { expiry } from './e2e/expiry.mjs';
import { exportsScenario } from './e2e/exports.mjs';
import { resync } from './e2e/resync.mjs';
import { pageErrors } from './e2e/support.mjs';

const [base, scenario = 'classroom', ...settings] = process.argv.slice(2);
if (!base) {
  console.error('usage: node tests/e2e.mjs BASE_URL [classroom|expiry|resync|exports] [max-sign-in-age=SECONDS] [replay-limit=N]');
  process.exit(2);
}
const options = Object.fromEntries(settings.map((setting) => setting.split('=')));

const scenarios = {
  classroom: (browser) => classroom(browser, base),
  expiry: (browser) => expiry(browser, base, { maxSignInAgeSeconds: Number(options['max-sign-in-age']) }),
  resync: (browser) => resync(browser, base, { replayLimit: Number(options['replay-limit']) }),
  exports: (browser) => exportsScenario(browser, base),
};
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

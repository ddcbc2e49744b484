// What the browser scenarios share: pages and contexts, signing in, reading the dashboard, the
// accessibility checks, REST calls made outside the browser (as another device would), and
// decoding a QR code from a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export const DESKTOP = { viewport: { width: 1280, height: 860 } };
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const pageErrors = [];

const screenshots = process.env.ATTENDANCE_SCREENSHOTS ? resolve(process.env.ATTENDANCE_SCREENSHOTS) : null;
if (screenshots) mkdirSync(screenshots, { recursive: true });

export function step(text) {
  console.log(`- ${text}`);
}

export async function screenshot(page, name) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: false });
}

export async function newPage(browser, options, label) {
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

export async function signIn(page, username, { viaKeyboard = false } = {}) {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill('demo');
  if (viaKeyboard) await page.getByLabel('Password').press('Enter');
  else await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who').filter({ hasText: `Signed in as ${username}` }).waitFor();
}

export async function waitLive(page, timeout = 15000) {
  await page.locator('#connection[data-state="live"]').waitFor({ timeout });
}

export function row(page, student) {
  return page.locator(`tr[data-student="${student}"]`);
}

export async function waitRowStatus(page, student, status, timeout = 5000) {
  await row(page, student).and(page.locator(`[data-status="${status}"]`)).waitFor({ timeout });
}

export async function rowStatus(page, student) {
  return row(page, student).getAttribute('data-status');
}

export async function counts(page) {
  return page.locator('.counts li').evaluateAll((items) =>
    Object.fromEntries(items.map((item) => [item.dataset.status, Number(item.querySelector('.count-value').textContent)])));
}

/** The seqs of the activity list, oldest first. */
export async function activitySeqs(page) {
  const shown = await page.locator('.activity li[data-seq]').evaluateAll((items) => items.map((item) => Number(item.dataset.seq)));
  return shown.reverse();
}

/** The texts of the activity list, newest first, without their times. */
export async function activityTexts(page) {
  return page.locator('.activity li').evaluateAll((items) => items.map((item) =>
    [...item.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('').trim()));
}

/** The dashboard of a class with an open session: opens one, closing one left by an earlier run. */
export async function openFreshSession(page) {
  const openButton = page.getByRole('button', { name: 'Open session' });
  const closeButton = page.getByRole('button', { name: 'Close session' });
  await openButton.or(closeButton).waitFor();
  if (await closeButton.isVisible()) {
    page.once('dialog', (confirmation) => confirmation.accept());
    await closeButton.click();
    await page.getByRole('button', { name: 'Start a new session' }).click();
  }
  await openButton.click();
  await page.getByRole('table').waitFor();
}

/** REST as another device would call it (a kiosk, an admin's laptop): not through the page. */
export function restClient(base) {
  const tokens = new Map();
  async function token(user) {
    if (!tokens.has(user)) {
      const response = await fetch(`${base}/api/auth/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user, password: 'demo' }),
      });
      assert.equal(response.status, 200, `sign-in of ${user}`);
      tokens.set(user, (await response.json()).access_token);
    }
    return tokens.get(user);
  }
  return async function rest(user, method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await token(user)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** The server's event log of a class (every event, in seq order). */
export async function serverEvents(rest, classId) {
  const events = [];
  for (let after = 0; ;) {
    const { status, body } = await rest('admin', 'GET', `/api/classes/${classId}/events?afterSeq=${after}`);
    assert.equal(status, 200);
    if (body.length === 0) return events;
    events.push(...body);
    after = body.at(-1).seq;
  }
}

/** The text of the QR code in a screenshot of `locator`, as a phone's camera would read it. */
export async function decodeQr(locator) {
  const png = PNG.sync.read(await locator.screenshot());
  const result = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(result, 'no QR code found in the screenshot');
  return result.data;
}

/**
 * What can be checked by machine of accessibility on the current view: every form control has a
 * label, every button and link a name, text meets WCAG AA contrast (4.5:1, 3:1 for large text),
 * and nothing is wider than the screen (phones).
 */
export async function checkAccessible(page, view) {
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
    for (const el of document.querySelectorAll('svg[role="img"]')) {
      if (visible(el) && !el.getAttribute('aria-label')) found.push(`image without a name: ${describe(el)}`);
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

export async function checkIn(page, classId, code) {
  const card = page.locator(`li[data-class="${classId}"]`);
  await card.getByLabel('Code from the projector').fill(code);
  await card.getByRole('button', { name: 'Check in' }).click();
}

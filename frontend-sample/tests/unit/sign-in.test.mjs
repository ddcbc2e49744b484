// The sign-in's renewal time, reading a token answer, and the file name of a download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentName, authOf, REFRESH_AT, renewalTime } from '../../public/assets/api.js';
import { localDate } from '../../public/assets/views/exports.js';

const jwt = (claims) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

test('a token answer becomes a sign-in with its user, roles and lifetime', () => {
  const auth = authOf({ access_token: jwt({ sub: 'lovelace', roles: ['TEACHER'] }), expires_in: 900 }, 'ignored', 1_000_000);
  assert.equal(auth.username, 'lovelace');
  assert.deepEqual(auth.roles, ['TEACHER']);
  assert.equal(auth.issuedAt, 1_000_000);
  assert.equal(auth.expiresAt, 1_900_000);
  assert.equal(auth.renewable, true);
});

test('a sign-in is renewed at 80 % of its lifetime, and not at all once it cannot be', () => {
  assert.equal(REFRESH_AT, 0.8);
  assert.equal(renewalTime({ issuedAt: 0, expiresAt: 900_000, renewable: true }), 720_000);
  assert.equal(renewalTime({ issuedAt: 10_000, expiresAt: 16_000, renewable: true }), 14_800);
  assert.equal(renewalTime({ issuedAt: 0, expiresAt: 900_000, renewable: false }), null);
  assert.equal(renewalTime(null), null);
});

test("a download's file name comes from Content-Disposition, made safe", () => {
  assert.equal(attachmentName('attachment; filename="cs101-2026-12-03.csv"', 'x.csv'), 'cs101-2026-12-03.csv');
  assert.equal(attachmentName("attachment; filename=\"a.csv\"; filename*=UTF-8''%C3%89t%C3%A9.csv", 'x.csv'), 'Été.csv');
  assert.equal(attachmentName('attachment; filename=plain.csv', 'x.csv'), 'plain.csv');
  assert.equal(attachmentName('attachment; filename="../../.bashrc"', 'x.csv'), '_.._.bashrc');
  assert.equal(attachmentName('attachment; filename="..."', 'x.csv'), 'x.csv');
  assert.equal(attachmentName(null, 'fallback.csv'), 'fallback.csv');
  assert.equal(attachmentName("attachment; filename*=UTF-8''%E0%A4%A", 'bad-escape.csv'), 'bad-escape.csv');
});

test('the date range defaults are local dates', () => {
  assert.equal(localDate(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
});

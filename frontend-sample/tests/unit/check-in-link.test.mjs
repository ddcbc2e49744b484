// The projector's check-in link: built, read back in the student view (hostile input left out),
// and carried by a QR code that a reader decodes to the same link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { checkInFromHash, checkInLink } from '../../public/assets/links.js';
import { QUIET_ZONE, qrModules, qrPath } from '../../public/assets/qr.js';

const session = '3f0e2c1a-9b7d-4e55-8a10-2c4b6d8e9f01';

test('the link opens the student view with class, session and code, and reads back the same', () => {
  const link = checkInLink('https://attendance.example.edu', { classId: 'cs101', sessionId: session, code: '042917' });
  assert.equal(link, `https://attendance.example.edu/#/student?class=cs101&session=${session}&code=042917`);
  assert.deepEqual(checkInFromHash(new URL(link).hash), { classId: 'cs101', sessionId: session, code: '042917' });
});

test('a link outside the grammar asks for nothing; a bad code is left out', () => {
  assert.equal(checkInFromHash('#/student'), null);
  assert.equal(checkInFromHash(''), null);
  assert.equal(checkInFromHash(undefined), null);
  assert.equal(checkInFromHash('#/student?class=cs101'), null);
  assert.equal(checkInFromHash('#/student?class=../admin&session=s1&code=123456'), null);
  assert.equal(checkInFromHash('#/student?class=cs101&session=%3Cscript%3E&code=123456'), null);
  assert.equal(checkInFromHash(`#/student?class=${'a'.repeat(65)}&session=s1&code=123456`), null);
  assert.deepEqual(checkInFromHash('#/student?class=cs101&session=s1&code=12%2034'), { classId: 'cs101', sessionId: 's1', code: null });
  assert.deepEqual(checkInFromHash('#/student?class=cs101&session=s1'), { classId: 'cs101', sessionId: 's1', code: null });
});

test('the QR code of a link decodes to that link', () => {
  const link = checkInLink('http://localhost:8080', { classId: 'cs101', sessionId: session, code: '042917' });
  const modules = qrModules(link);
  const scale = 4;
  const side = (modules.length + 2 * QUIET_ZONE) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = (((y + QUIET_ZONE) * scale + dy) * side + (x + QUIET_ZONE) * scale + dx) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  }));
  assert.equal(jsQR(pixels, side, side)?.data, link);
  assert.ok(modules.length <= 45, `a coarse code a phone reads from the back row: ${modules.length} modules`);
  assert.equal(qrPath([[true, false], [false, true]]), `M${QUIET_ZONE} ${QUIET_ZONE}h1v1h-1zM${QUIET_ZONE + 1} ${QUIET_ZONE + 1}h1v1h-1z`);
});

// Texts people read: statuses, classes, activity lines and a student's own updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activityText, classTitle, statusLabel, studentUpdateText } from '../../public/assets/format.js';

const nameOf = (id) => ({ dave: 'Dave Brown', alice: 'Alice Smith' })[id] ?? id;

test('statuses read as words; none reads as a dash; an unknown one still reads', () => {
  assert.equal(statusLabel('PRESENT'), 'Present');
  assert.equal(statusLabel('EXCUSED'), 'Excused');
  assert.equal(statusLabel(null), '—');
  assert.equal(statusLabel(undefined), '—');
  assert.equal(statusLabel('REMOTE_PRESENT'), 'Remote present');
});

test('a class reads as its title with its id', () => {
  assert.equal(classTitle('Intro to CS', 'cs101'), 'Intro to CS (cs101)');
  assert.equal(classTitle(undefined, 'cs101'), 'cs101');
  assert.equal(classTitle('cs101', 'cs101'), 'cs101');
});

test("a student's update names the class and the status in words", () => {
  assert.equal(studentUpdateText({ classId: 'cs101', className: 'Intro to CS', status: 'PRESENT' }), 'Intro to CS (cs101): Present');
  assert.equal(studentUpdateText({ classId: 'cs101', className: 'Intro to CS', status: 'EXCUSED', reason: "Doctor's appointment" }),
    "Intro to CS (cs101): Excused (Doctor's appointment)");
  assert.equal(studentUpdateText({ classId: 'math201', status: 'ABSENT' }), 'math201: Absent');
});

test('activity lines use display names and words', () => {
  const session = { sessionId: 's1', nameOf };
  assert.equal(activityText({ type: 'STATUS_CHANGED', sessionId: 's1', studentId: 'dave', status: 'EXCUSED', previousStatus: null }, session),
    'Dave Brown: — → Excused');
  assert.equal(activityText({ type: 'STATUS_CHANGED', sessionId: 's1', studentId: 'dave', status: 'EXCUSED', previousStatus: 'ABSENT',
    changedBy: 'lovelace', reason: 'Note from home' }, session), 'Dave Brown: Absent → Excused by lovelace (Note from home)');
  assert.equal(activityText({ type: 'CHECKED_IN', sessionId: 's1', studentId: 'alice', status: 'LATE', source: 'SERVICE' }, session),
    'Alice Smith checked in by a check-in service: Late');
  assert.equal(activityText({ type: 'CHECKED_IN', sessionId: 's1', studentId: 'alice', status: 'PRESENT', source: 'SELF' }, session),
    'Alice Smith checked in with the code: Present');
  assert.equal(activityText({ type: 'SESSION_CLOSED', sessionId: 's1', absent: ['dave'] }, session), 'Session closed; 1 student marked absent');
  assert.equal(activityText({ type: 'SESSION_CLOSED', sessionId: 's1', absent: [] }, session), 'Session closed; 0 students marked absent');
  assert.equal(activityText({ type: 'SESSION_OPENED', sessionId: 's1' }, session), 'Session opened');
  assert.equal(activityText({ type: 'SESSION_OPENED', sessionId: 's2' }, session), 'A new session was opened');
  assert.equal(activityText({ type: 'CHECKED_IN', sessionId: 's2', studentId: 'alice', status: 'PRESENT' }, session), null);
  assert.equal(activityText({ type: 'SOMETHING_NEW', sessionId: 's1' }, session), null);
});

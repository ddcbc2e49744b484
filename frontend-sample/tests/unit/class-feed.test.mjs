// node --test tests/unit: the seq ordering, de-duplication and catch-up of live.js, and the
// roster arithmetic, without a browser or a server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClassFeed } from '../../public/assets/live.js';
import { Roster } from '../../public/assets/roster.js';

const event = (seq, extra = {}) => ({ type: 'CHECKED_IN', classId: 'cs101', sessionId: 's1', studentId: `st${seq}`, status: 'PRESENT', seq, ...extra });

function feed(fromSeq, log) {
  const applied = [];
  const fetches = [];
  const instance = new ClassFeed({
    fromSeq,
    fetchAfter: async (seq) => {
      fetches.push(seq);
      return log.filter((e) => e.seq > seq);
    },
    onEvent: (e) => applied.push(e.seq),
  });
  return { instance, applied, fetches };
}

test('live events in order are applied once each', () => {
  const { instance, applied, fetches } = feed(0, []);
  [1, 2, 3].forEach((seq) => instance.receive(event(seq)));
  instance.receive(event(2));
  assert.deepEqual(applied, [1, 2, 3]);
  assert.deepEqual(fetches, []);
  assert.equal(instance.duplicatesIgnored, 1);
});

test('events at or below the starting seq (already in the snapshot) are ignored', () => {
  const { instance, applied } = feed(5, []);
  instance.receive(event(4));
  instance.receive(event(5));
  instance.receive(event(6));
  assert.deepEqual(applied, [6]);
});

test('a gap in the live stream is filled from the event log, in order, without duplicates', async () => {
  const log = [1, 2, 3, 4, 5].map((seq) => event(seq));
  const { instance, applied, fetches } = feed(1, log);
  instance.receive(event(4)); // 2 and 3 were missed
  await new Promise((resolve) => setTimeout(resolve, 0));
  instance.receive(event(5));
  assert.deepEqual(applied, [2, 3, 4, 5]);
  assert.deepEqual(fetches, [1]);
});

test('events arriving live during a catch-up are applied after it, once', async () => {
  const log = [1, 2, 3, 4].map((seq) => event(seq));
  let release;
  const applied = [];
  const instance = new ClassFeed({
    fromSeq: 1,
    fetchAfter: (seq) => new Promise((resolve) => { release = () => resolve(log.filter((e) => e.seq > seq)); }),
    onEvent: (e) => applied.push(e.seq),
  });
  const catchUp = instance.catchUp(); // as after a reconnect
  instance.receive(event(3)); // also in the log
  instance.receive(event(5)); // newer than the log's read
  release();
  await catchUp;
  assert.deepEqual(applied, [2, 3, 4, 5]);
});

test('a catch-up after reconnecting with nothing new applies nothing', async () => {
  const log = [1, 2].map((seq) => event(seq));
  const { instance, applied } = feed(2, log);
  await instance.catchUp();
  assert.deepEqual(applied, []);
});

test('the roster counts statuses and applies corrections and the close', () => {
  const roster = new Roster('s1', {
    seq: 1,
    students: [
      { studentId: 'alice', displayName: 'Alice', status: null },
      { studentId: 'bob', displayName: 'Bob', status: null },
      { studentId: 'dave', displayName: 'Dave', status: null },
    ],
  });
  roster.apply(event(2, { studentId: 'alice' }));
  roster.apply(event(3, { studentId: 'bob', status: 'LATE' }));
  roster.apply(event(4, { type: 'CHECKED_IN', sessionId: 'other', studentId: 'dave' }));
  assert.deepEqual(roster.counts(), { PRESENT: 1, LATE: 1, ABSENT: 0, EXCUSED: 0, PENDING: 1 });
  roster.apply({ type: 'STATUS_CHANGED', sessionId: 's1', studentId: 'bob', status: 'EXCUSED', previousStatus: 'LATE', reason: 'bus', seq: 5 });
  roster.apply({ type: 'SESSION_CLOSED', sessionId: 's1', absent: ['dave'], seq: 6 });
  assert.deepEqual(roster.counts(), { PRESENT: 1, LATE: 0, ABSENT: 1, EXCUSED: 1, PENDING: 0 });
  assert.equal(roster.checkedIn(), 1);
  assert.equal(roster.closed, true);
  assert.equal(roster.seq, 6);
});

test('an ERROR names its refused subscription by receipt, or by destination while it awaits its receipt', async () => {
  const { LiveConnection } = await import('../../public/assets/live.js');
  const connection = Object.create(LiveConnection.prototype);
  const errors = { destination: '/user/queue/errors', receipt: 'receipt-1', awaitingReceipt: false };
  const cs101 = { destination: '/topic/attendance/cs101', receipt: 'receipt-2', awaitingReceipt: false };
  const math = { destination: '/topic/attendance/math201', receipt: 'receipt-3', awaitingReceipt: true };
  connection.subscriptions = new Set([errors, cs101, math]);
  assert.equal(connection.refusedSubscription('receipt-2', 'access denied'), cs101);
  assert.equal(connection.refusedSubscription(undefined, "access denied: class math201 is for ADMIN and the class's TEACHERs only"), math);
  assert.equal(connection.refusedSubscription(undefined, 'access denied: SUBSCRIBE /topic/attendance/math201'), math);
  // Confirmed subscriptions, and reasons that name no destination, are not taken for refused.
  assert.equal(connection.refusedSubscription(undefined, 'access denied: class cs101 is for ADMIN and the class\'s TEACHERs only'), undefined);
  assert.equal(connection.refusedSubscription(undefined, 'token expired'), undefined);
  assert.equal(connection.refusedSubscription(undefined, 'access denied: class math2010 is for ADMIN'), undefined);
});

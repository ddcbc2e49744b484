// node --test tests/unit: the seq tracking of a class feed (after-seq, RESYNC, gaps), the roster
// arithmetic, and how the live connection recognises a refused subscription; no browser, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClassFeed } from '../../public/assets/class-feed.js';
import { Roster } from '../../public/assets/roster.js';

const event = (seq, extra = {}) => ({ type: 'CHECKED_IN', classId: 'cs101', sessionId: 's1', studentId: `st${seq}`, status: 'PRESENT', seq, ...extra });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function feed(fromSeq, options = {}) {
  const applied = [];
  const gaps = [];
  const instance = new ClassFeed({ fromSeq, onEvent: (e) => applied.push(e.seq), onGap: (seq) => gaps.push(seq), retryMs: 0, ...options });
  return { instance, applied, gaps };
}

test('each subscribe asks for the events after the last one applied', () => {
  const { instance } = feed(7);
  assert.deepEqual(instance.subscribeHeaders(), { 'after-seq': '7' });
  [8, 9].forEach((seq) => instance.receive(event(seq)));
  assert.deepEqual(instance.subscribeHeaders(), { 'after-seq': '9' });
});

test('events in order are applied once each; repeats and what the snapshot had are dropped', () => {
  const { instance, applied, gaps } = feed(5);
  [4, 5, 6, 7, 6, 7, 8].forEach((seq) => instance.receive(event(seq)));
  assert.deepEqual(applied, [6, 7, 8]);
  assert.equal(instance.duplicatesIgnored, 4);
  assert.deepEqual(gaps, []);
});

test('a replay after a reconnect continues where the feed stopped, then the live events follow', () => {
  const { instance, applied } = feed(2);
  instance.receive(event(3));
  instance.resubscribed(); // reconnected: SUBSCRIBE after-seq:3
  [4, 5, 6].forEach((seq) => instance.receive(event(seq))); // replayed
  instance.receive(event(7)); // live
  assert.deepEqual(applied, [3, 4, 5, 6, 7]);
});

test('an event ahead of a missing one is kept, the gap reported once, and applied when the missing one comes', () => {
  const { instance, applied, gaps } = feed(1);
  instance.receive(event(4));
  instance.receive(event(5));
  assert.deepEqual(applied, []);
  assert.deepEqual(gaps, [1]);
  instance.resubscribed();
  [2, 3, 4, 5].forEach((seq) => instance.receive(event(seq))); // the replay after re-subscribing
  assert.deepEqual(applied, [2, 3, 4, 5]);
  assert.equal(instance.pending.size, 0);
});

test('a RESYNC reloads the roster and goes on from its seq; events during the reload are applied after it, once', async () => {
  let release;
  const changes = [];
  const { instance, applied } = feed(3, {
    onResync: () => new Promise((resolve) => { release = resolve; }),
    onResyncChange: (active) => changes.push(active),
  });
  instance.receive({ type: 'RESYNC', classId: 'cs101', seq: 2000 });
  assert.equal(instance.resyncing, true);
  instance.receive(event(2001)); // live, while the roster is being read
  instance.receive(event(2002));
  assert.deepEqual(applied, []);
  release(2001); // the roster already includes 2001
  await tick();
  assert.deepEqual(applied, [2002]);
  assert.equal(instance.lastSeq, 2002);
  assert.deepEqual(changes, [true, false]);
  assert.equal(instance.resyncs, 1);
});

test('a second RESYNC during a reload reloads once more', async () => {
  const reloads = [];
  const { instance } = feed(0, { onResync: async () => { reloads.push(reloads.length); await tick(); return 10 * reloads.length; } });
  instance.receive({ type: 'RESYNC', seq: 5 });
  instance.receive({ type: 'RESYNC', seq: 20 });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(reloads.length, 2);
  assert.equal(instance.lastSeq, 20);
});

test('a failed reload after a RESYNC re-subscribes later with the old after-seq, which brings another RESYNC', async () => {
  const { instance, gaps } = feed(3, { onResync: async () => { throw new Error('offline'); } });
  const warn = console.warn;
  console.warn = () => {};
  try {
    instance.receive({ type: 'RESYNC', seq: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    console.warn = warn;
  }
  assert.equal(instance.lastSeq, 3);
  assert.deepEqual(gaps, [3]);
  assert.equal(instance.resyncing, false);
});

test('messages that are not events (no numeric seq) are ignored', () => {
  const { instance, applied } = feed(0);
  instance.receive({ type: 'CHECKED_IN', seq: '1' });
  instance.receive(null);
  instance.receive({ type: 'SOMETHING', seq: 1.5 });
  instance.receive(event(1));
  assert.deepEqual(applied, [1]);
});

test('the roster reads names and reasons, counts statuses, applies corrections and the close, and reloads', () => {
  const roster = new Roster('s1', {
    seq: 1,
    sessionStatus: 'OPEN',
    students: [
      { studentId: 'alice', name: 'Alice Smith', status: null },
      { studentId: 'bob', name: 'Bob', status: 'LATE', reason: null },
      { studentId: 'dave', name: 'Dave Brown', status: 'EXCUSED', reason: 'Doctor' },
    ],
  });
  assert.equal(roster.nameOf('dave'), 'Dave Brown');
  assert.equal(roster.list()[2].reason, 'Doctor');
  assert.equal(roster.apply(event(2, { studentId: 'alice' })), 'Alice Smith checked in: Present');
  assert.equal(roster.apply(event(3, { type: 'CHECKED_IN', sessionId: 'other', studentId: 'carol' })), null);
  assert.deepEqual(roster.counts(), { PRESENT: 1, LATE: 1, ABSENT: 0, EXCUSED: 1, PENDING: 0 });
  assert.equal(roster.apply({ type: 'STATUS_CHANGED', sessionId: 's1', studentId: 'bob', status: 'EXCUSED', previousStatus: 'LATE', changedBy: 'lovelace', reason: 'bus', seq: 5 }),
    'Bob: Late → Excused by lovelace (bus)');
  roster.apply({ type: 'SESSION_CLOSED', sessionId: 's1', absent: [], seq: 6 });
  assert.deepEqual(roster.counts(), { PRESENT: 1, LATE: 0, ABSENT: 0, EXCUSED: 2, PENDING: 0 });
  assert.equal(roster.list().find((s) => s.studentId === 'bob').reason, 'bus');
  assert.equal(roster.closed, true);
  assert.equal(roster.seq, 6);
  assert.equal(roster.load({ seq: 40, sessionStatus: 'OPEN', students: [{ studentId: 'alice', name: 'Alice Smith', status: 'LATE' }] }), 40);
  assert.equal(roster.closed, false);
  assert.deepEqual(roster.counts(), { PRESENT: 0, LATE: 1, ABSENT: 0, EXCUSED: 0, PENDING: 0 });
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

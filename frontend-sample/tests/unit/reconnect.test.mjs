// The reconnect back-off: exponential with jitter, reset on connect, cut short when the network is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay, Reconnector } from '../../public/assets/reconnect.js';

test('the delay doubles per attempt up to the cap, between half and all of its ceiling', () => {
  const lowest = (attempt) => reconnectDelay(attempt, { random: () => 0 });
  const highest = (attempt) => reconnectDelay(attempt, { random: () => 1 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 20, 1000].map(lowest), [500, 1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 20, 1000].map(highest), [1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
  assert.equal(reconnectDelay(2, { random: () => 0.5 }), 3000);
  assert.equal(reconnectDelay(0, { initialMs: 200, maxMs: 300, random: () => 1 }), 200);
  assert.equal(reconnectDelay(5, { initialMs: 200, maxMs: 300, random: () => 1 }), 300);
});

test('jitter spreads the pages of one restart over the window instead of one moment', () => {
  const delays = Array.from({ length: 2000 }, () => reconnectDelay(3));
  assert.ok(delays.every((d) => d >= 4000 && d <= 8000), 'every delay within [4 s, 8 s]');
  const buckets = new Set(delays.map((d) => Math.floor((d - 4000) / 500)));
  assert.ok(buckets.size >= 8, `delays spread over the window: ${[...buckets]}`);
});

function fakeTimers() {
  const timers = new Map();
  let next = 1;
  let now = 0;
  return {
    setTimer: (fn, ms) => { timers.set(next, { fn, at: now + ms }); return next++; },
    clearTimer: (id) => timers.delete(id),
    clock: () => now,
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.fn();
        }
      }
    },
    pending: () => timers.size,
  };
}

test('attempts back off until connected, and start over after it', () => {
  const timers = fakeTimers();
  let connects = 0;
  const reconnector = new Reconnector({ connect: () => connects++, delay: (attempt) => 1000 * 2 ** attempt, ...timers });
  assert.equal(reconnector.schedule(), 1000);
  assert.equal(reconnector.dueAt, 1000);
  timers.advance(999);
  assert.equal(connects, 0);
  timers.advance(1);
  assert.equal(connects, 1);
  assert.equal(reconnector.schedule(), 2000); // that attempt failed
  assert.equal(reconnector.schedule(), 4000); // a second schedule replaces the first
  assert.equal(timers.pending(), 1);
  reconnector.connected();
  assert.equal(timers.pending(), 0);
  assert.equal(reconnector.dueAt, null);
  assert.equal(reconnector.schedule(), 1000);
});

test('the network coming back connects at once instead of waiting out the back-off', () => {
  const timers = fakeTimers();
  let connects = 0;
  const reconnector = new Reconnector({ connect: () => connects++, delay: () => 8000, ...timers });
  reconnector.schedule();
  timers.advance(100);
  assert.equal(reconnector.connectNow(), true);
  assert.equal(connects, 1);
  assert.equal(timers.pending(), 0);
  timers.advance(10000);
  assert.equal(connects, 1, 'the waiting attempt was replaced, not added to');
});

test('the network coming back during an attempt makes the next attempt immediate if that one fails', () => {
  const timers = fakeTimers();
  let connects = 0;
  const reconnector = new Reconnector({ connect: () => connects++, delay: () => 8000, ...timers });
  assert.equal(reconnector.connectNow(), false); // nothing waiting: an attempt is under way
  assert.equal(reconnector.schedule(), 0);
  timers.advance(0);
  assert.equal(connects, 1);
  assert.equal(reconnector.schedule(), 8000, 'only once: then the back-off again');
});

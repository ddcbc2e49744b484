// A session's roster as the teacher dashboard and the projector keep it: the snapshot from
// GET .../attendance (display names and the last change's reason included), then every event of
// the class applied in seq order.
import { activityText } from './format.js';

export const COUNTED = ['PRESENT', 'LATE', 'ABSENT', 'EXCUSED'];

export class Roster {
  /** @param snapshot the body of GET /api/classes/{classId}/sessions/{sessionId}/attendance */
  constructor(sessionId, snapshot) {
    this.sessionId = sessionId;
    this.load(snapshot);
  }

  /** Replaces everything with a new snapshot (after a RESYNC); returns the seq it includes. */
  load(snapshot) {
    this.seq = Number(snapshot?.seq ?? 0);
    this.closed = snapshot?.sessionStatus === 'CLOSED';
    this.students = new Map();
    for (const entry of snapshot?.students ?? []) {
      const studentId = entry.studentId;
      if (!studentId) continue;
      this.students.set(studentId, {
        studentId,
        name: entry.name || studentId,
        status: entry.status ?? null,
        reason: entry.reason ?? null,
        version: entry.version ?? null,
      });
    }
    return this.seq;
  }

  /**
   * Applies one class event. Returns a line for the activity list, or null when the event is
   * about another session.
   */
  apply(event) {
    this.seq = Math.max(this.seq, event.seq);
    const text = activityText(event, { sessionId: this.sessionId, nameOf: (id) => this.nameOf(id) });
    if (event.sessionId !== this.sessionId) return text;
    switch (event.type) {
      case 'CHECKED_IN':
        this.update(event.studentId, { status: event.status });
        break;
      case 'STATUS_CHANGED':
        this.update(event.studentId, { status: event.status, reason: event.reason ?? null });
        break;
      case 'SESSION_CLOSED':
        this.closed = true;
        for (const studentId of event.absent ?? []) this.update(studentId, { status: 'ABSENT' });
        break;
      default:
    }
    return text;
  }

  update(studentId, changes) {
    const current = this.students.get(studentId) ?? { studentId, name: studentId, status: null, reason: null };
    this.students.set(studentId, { ...current, ...changes });
  }

  nameOf(studentId) {
    return this.students.get(studentId)?.name ?? studentId;
  }

  /** { PRESENT, LATE, ABSENT, EXCUSED, PENDING } */
  counts() {
    const counts = { PRESENT: 0, LATE: 0, ABSENT: 0, EXCUSED: 0, PENDING: 0 };
    for (const { status } of this.students.values()) counts[COUNTED.includes(status) ? status : 'PENDING']++;
    return counts;
  }

  /** Students in the room: present or late. */
  checkedIn() {
    const counts = this.counts();
    return counts.PRESENT + counts.LATE;
  }

  list() {
    return [...this.students.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

// A session's roster as the teacher dashboard and the projector keep it: the snapshot from
// GET .../attendance, then every event of the class applied in seq order.

export const COUNTED = ['PRESENT', 'LATE', 'ABSENT', 'EXCUSED'];

export class Roster {
  /** @param snapshot the body of GET /api/classes/{classId}/sessions/{sessionId}/attendance */
  constructor(sessionId, snapshot) {
    this.sessionId = sessionId;
    this.seq = Number(snapshot?.seq ?? 0);
    this.closed = (snapshot?.sessionStatus ?? snapshot?.status) === 'CLOSED';
    this.students = new Map();
    const entries = snapshot?.students ?? snapshot?.entries ?? snapshot?.records ?? snapshot?.roster ?? snapshot?.attendance ?? [];
    for (const entry of entries) {
      const studentId = entry.studentId ?? entry.username ?? entry.id;
      if (!studentId) continue;
      this.students.set(studentId, {
        studentId,
        name: entry.displayName ?? entry.name ?? entry.studentName ?? studentId,
        status: entry.status ?? null,
        reason: entry.reason ?? null,
        version: entry.version ?? null,
      });
    }
  }

  /**
   * Applies one class event. Returns a short description for the activity list, or null when
   * the event is about another session.
   */
  apply(event) {
    this.seq = Math.max(this.seq, event.seq);
    if (event.type === 'SESSION_OPENED') {
      return event.sessionId === this.sessionId ? 'Session opened' : `A new session opened (${event.sessionId})`;
    }
    if (event.sessionId !== this.sessionId) return null;
    switch (event.type) {
      case 'CHECKED_IN': {
        this.update(event.studentId, { status: event.status });
        const how = { SELF: 'with the code', SERVICE: 'by a check-in service', TEACHER: 'by a teacher' }[event.source] ?? '';
        return `${this.nameOf(event.studentId)} checked in ${how}: ${event.status}`;
      }
      case 'STATUS_CHANGED':
        this.update(event.studentId, { status: event.status, reason: event.reason ?? null });
        return `${this.nameOf(event.studentId)}: ${event.previousStatus ?? 'none'} → ${event.status}` +
          (event.changedBy ? ` by ${event.changedBy}` : '') + (event.reason ? ` (${event.reason})` : '');
      case 'SESSION_CLOSED':
        this.closed = true;
        for (const studentId of event.absent ?? []) this.update(studentId, { status: 'ABSENT' });
        return `Session closed; ${(event.absent ?? []).length} marked absent`;
      default:
        return null;
    }
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

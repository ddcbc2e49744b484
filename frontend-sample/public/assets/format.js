// Texts people read: statuses, classes and events in words, with names instead of identifiers.

/** The label of an attendance status as people read it. */
export const STATUS_LABELS = Object.freeze({
  PRESENT: 'Present',
  LATE: 'Late',
  ABSENT: 'Absent',
  EXCUSED: 'Excused',
  PENDING: 'Not checked in',
});

/** "Excused"; a status the server may add later reads "Some status"; none reads "—". */
export function statusLabel(status) {
  if (status === null || status === undefined || status === '') return '—';
  const known = STATUS_LABELS[status];
  if (known) return known;
  const words = String(status).toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Introduction to Computer Science (cs101)", or the id alone when the title is unknown. */
export function classTitle(name, classId) {
  return name && name !== classId ? `${name} (${classId})` : String(classId ?? '');
}

const SOURCES = { SELF: 'with the code', SERVICE: 'by a check-in service', TEACHER: 'by a teacher' };

/**
 * One line of the teacher's activity list for a class event, or null when the event is about
 * another session. nameOf(studentId) gives the display name.
 */
export function activityText(event, { sessionId, nameOf = (id) => id }) {
  if (event.type === 'SESSION_OPENED') {
    return event.sessionId === sessionId ? 'Session opened' : 'A new session was opened';
  }
  if (event.sessionId !== sessionId) return null;
  switch (event.type) {
    case 'CHECKED_IN': {
      const how = SOURCES[event.source];
      return `${nameOf(event.studentId)} checked in${how ? ` ${how}` : ''}: ${statusLabel(event.status)}`;
    }
    case 'STATUS_CHANGED':
      return `${nameOf(event.studentId)}: ${statusLabel(event.previousStatus)} → ${statusLabel(event.status)}`
        + (event.changedBy ? ` by ${event.changedBy}` : '') + (event.reason ? ` (${event.reason})` : '');
    case 'SESSION_CLOSED': {
      const absent = (event.absent ?? []).length;
      return `Session closed; ${absent} ${absent === 1 ? 'student' : 'students'} marked absent`;
    }
    default:
      return null;
  }
}

/** A student's own update: "Introduction to Computer Science (cs101): Present (reason)". */
export function studentUpdateText({ classId, className, status, reason }) {
  return `${classTitle(className, classId)}: ${statusLabel(status)}${reason ? ` (${reason})` : ''}`;
}

package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEvent;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * An attendance event on its way to local subscribers, serialized once for all of them.
 *
 * @param json the event as class subscribers receive it
 */
record LiveEvent(AttendanceEvent event, byte[] json, JsonMapper mapper) {

    static LiveEvent of(AttendanceEvent event, JsonMapper mapper) {
        return new LiveEvent(event, mapper.writeValueAsBytes(event.json()), mapper);
    }

    String classId() {
        return event.classId();
    }

    long seq() {
        return event.seq();
    }

    List<String> students() {
        return event.students();
    }

    /** The event as {@code student} receives it on the user queue. */
    byte[] forStudent(String student) {
        var forStudent = event.forStudent(student);
        return forStudent == event.json() ? json : mapper.writeValueAsBytes(forStudent);
    }
}

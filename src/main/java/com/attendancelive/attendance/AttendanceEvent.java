package com.attendancelive.attendance;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a class's event log.
 *
 * @param json the event exactly as clients receive it (type, classId, seq, occurredAt and the
 *        type's own fields)
 * @param students the students the event is about, who also get it on their user queue
 */
public record AttendanceEvent(String classId, long seq, String type, JsonNode json, List<String> students) {

    /**
     * The event that {@code json} spells, as stored in the log or carried by the broker.
     *
     * @throws IllegalArgumentException when it lacks a class id, a positive seq or a type
     */
    public static AttendanceEvent fromJson(JsonNode json) {
        JsonNode classId = json.get("classId");
        JsonNode seq = json.get("seq");
        JsonNode type = json.get("type");
        if (classId == null || !classId.isString() || seq == null || !seq.canConvertToLong() || seq.asLong() < 1
                || type == null || !type.isString()) {
            throw new IllegalArgumentException("not an attendance event");
        }
        List<String> students = new ArrayList<>();
        JsonNode student = json.get("studentId");
        if (student != null && student.isString()) {
            students.add(student.asString());
        }
        JsonNode absent = json.get("absent");
        if (absent != null && absent.isArray()) {
            absent.forEach(node -> students.add(node.asString()));
        }
        return new AttendanceEvent(classId.asString(), seq.asLong(), type.asString(), json, List.copyOf(students));
    }

    /** The event as one student receives it: a closing names only that student among the absent. */
    public JsonNode forStudent(String student) {
        if (!"SESSION_CLOSED".equals(type)) {
            return json;
        }
        var copy = json.deepCopy();
        var absent = ((tools.jackson.databind.node.ObjectNode) copy).putArray("absent");
        absent.add(student);
        return copy;
    }
}

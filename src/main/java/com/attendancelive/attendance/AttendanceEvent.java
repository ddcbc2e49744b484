package com.attendancelive.attendance;

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

package com.attendancelive.directory;

/** Published when a teacher stops teaching a class: their access to its channel ends. */
public record TeacherUnassigned(String classId, String teacher) {
}

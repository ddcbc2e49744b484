package com.attendancelive.directory;

public enum Role {
    ADMIN, TEACHER, STUDENT, SERVICE
}

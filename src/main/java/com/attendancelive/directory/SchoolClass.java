package com.attendancelive.directory;

import java.time.ZoneId;

public record SchoolClass(String id, String name, ZoneId timeZone) {
}

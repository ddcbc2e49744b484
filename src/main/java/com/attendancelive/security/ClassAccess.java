package com.attendancelive.security;

import com.attendancelive.directory.ClassDirectory;
import com.attendancelive.directory.TeacherUnassigned;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who may watch a class's live channel ({@code /topic/attendance/{classId}}): ADMIN for every
 * existing class, a TEACHER for the classes they teach, nobody else. Read from the directory;
 * grants are cached briefly (refusals are not cached, so a new assignment counts at once), and
 * a teacher's grant is dropped the moment the directory reports the teacher unassigned.
 */
@Component
class ClassAccess {

    private final ClassDirectory directory;
    private final SecurityProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Instant> grants = new ConcurrentHashMap<>();

    ClassAccess(ClassDirectory directory, SecurityProperties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    /** Whether there is such a class to watch at all. */
    boolean exists(String classId) {
        return directory.findClass(classId).isPresent();
    }

    /**
     * For SUBSCRIBE: may use a recent grant. An ADMIN may watch every existing class, so one grant per
     * class serves every admin; a teacher's grant is their own.
     */
    boolean mayWatch(String username, Collection<? extends GrantedAuthority> authorities, String classId) {
        String key = hasRole(authorities, "ROLE_ADMIN") ? "\u0000" + classId : username + "\u0000" + classId;
        Instant until = grants.get(key);
        Instant now = clock.instant();
        if (until != null && now.isBefore(until)) {
            return true;
        }
        boolean allowed = mayWatchNow(username, authorities, classId);
        if (allowed) {
            grants.put(key, now.plus(properties.accessCacheTtl()));
        }
        else {
            grants.remove(key);
        }
        if (grants.size() > 100_000) {
            grants.values().removeIf(instant -> !now.isBefore(instant));
        }
        return allowed;
    }

    private boolean mayWatchNow(String username, Collection<? extends GrantedAuthority> authorities, String classId) {
        return recheck().mayWatch(username, authorities, classId);
    }

    /** A periodic re-check of live subscriptions: straight from the database, each answer read once. */
    Recheck recheck() {
        return new Recheck();
    }

    /**
     * One round of the re-check: whether a class exists is read once for all its admins, whether a
     * teacher teaches a class once for all their sessions, however many sessions watch it.
     */
    final class Recheck {

        private final Map<String, Boolean> classExists = new HashMap<>();
        private final Map<String, Boolean> teaching = new HashMap<>();

        private Recheck() {
        }

        boolean mayWatch(String username, Collection<? extends GrantedAuthority> authorities, String classId) {
            if (hasRole(authorities, "ROLE_ADMIN")) {
                return classExists.computeIfAbsent(classId, ClassAccess.this::exists);
            }
            if (hasRole(authorities, "ROLE_TEACHER")) {
                return teaching.computeIfAbsent(username + "\u0000" + classId, key -> directory.teaches(username, classId));
            }
            return false;
        }
    }

    @EventListener
    void onTeacherUnassigned(TeacherUnassigned event) {
        grants.remove(event.teacher() + "\u0000" + event.classId());
    }

    void forget(String username, String classId) {
        grants.remove(username + "\u0000" + classId);
    }

    private static boolean hasRole(Collection<? extends GrantedAuthority> authorities, String role) {
        return authorities.stream().anyMatch(authority -> role.equals(authority.getAuthority()));
    }
}

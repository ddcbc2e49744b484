package com.attendancelive.directory;

import com.attendancelive.shared.Protocol;
import com.attendancelive.system.Problems;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * ADMIN only (the security module's WebSecurityConfiguration): assign a teacher to a class or remove them.
 * An extension of the contract, documented in docs/security.md. Removing a teacher ends their
 * live subscriptions to the class (on this instance at once, on others within the re-check interval).
 */
@RestController
class TeacherAssignmentController {

    private final ClassDirectory directory;

    TeacherAssignmentController(ClassDirectory directory) {
        this.directory = directory;
    }

    @PutMapping("/api/classes/{classId}/teachers/{username}")
    ResponseEntity<?> assign(@PathVariable String classId, @PathVariable String username) {
        return check(classId, username).orElseGet(() -> {
            directory.assignTeacher(classId, username);
            return ResponseEntity.noContent().build();
        });
    }

    @DeleteMapping("/api/classes/{classId}/teachers/{username}")
    ResponseEntity<?> unassign(@PathVariable String classId, @PathVariable String username) {
        return check(classId, username).orElseGet(() -> {
            directory.unassignTeacher(classId, username);
            return ResponseEntity.noContent().build();
        });
    }

    private Optional<ResponseEntity<?>> check(String classId, String username) {
        if (!Protocol.IDENTIFIER.matcher(classId).matches() || !Protocol.IDENTIFIER.matcher(username).matches()) {
            return Optional.of(Problems.entity(HttpStatus.BAD_REQUEST, "Class ids and user names match " + Protocol.IDENTIFIER_GRAMMAR));
        }
        if (directory.findClass(classId).isEmpty()) {
            return Optional.of(Problems.entity(HttpStatus.NOT_FOUND, "No class " + classId));
        }
        Optional<UserAccount> user = directory.findUser(username);
        if (user.isEmpty()) {
            return Optional.of(Problems.entity(HttpStatus.NOT_FOUND, "No user " + username));
        }
        if (user.get().role() != Role.TEACHER) {
            return Optional.of(Problems.entity(HttpStatus.UNPROCESSABLE_CONTENT, username + " is not a TEACHER"));
        }
        return Optional.empty();
    }
}

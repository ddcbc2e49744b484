package com.attendancelive.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.attendancelive.support.CountedStatements;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.ActiveProfiles;

/**
 * The periodic re-check of live class subscriptions asks the database once per class for all its
 * admins and once per teacher and class, however many sessions watch: 15,000 dashboards of distinct
 * users were 15,000 queries a round. The statements are counted as the application's connections
 * prepare them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(CountedStatements.Counting.class)
class ClassAccessRecheckTest {

    private static final String FIND_CLASS = "select id, name, time_zone from school_class where id = ?";
    private static final String TEACHES = "select count(*) from teaching_assignment where teacher = ? and class_id = ?";
    private static final List<GrantedAuthority> ADMIN = List.of(new SimpleGrantedAuthority("ROLE_ADMIN"));
    private static final List<GrantedAuthority> TEACHER = List.of(new SimpleGrantedAuthority("ROLE_TEACHER"));
    private static final List<GrantedAuthority> STUDENT = List.of(new SimpleGrantedAuthority("ROLE_STUDENT"));

    @Autowired
    ClassAccess access;

    @Autowired
    CountedStatements statements;

    @Test
    void aRoundReadsEachClassOnceForAllItsAdminsAndEachAssignmentOnce() {
        long classReadsBefore = statements.count(FIND_CLASS);
        long assignmentReadsBefore = statements.count(TEACHES);

        ClassAccess.Recheck round = access.recheck();
        for (int session = 0; session < 200; session++) {
            assertThat(round.mayWatch("admin-" + session, ADMIN, "cs101")).isTrue();
            assertThat(round.mayWatch("admin-" + session, ADMIN, "no-such-class")).isFalse();
            assertThat(round.mayWatch("lovelace", TEACHER, "cs101")).isTrue();
            assertThat(round.mayWatch("lovelace", TEACHER, "math201")).isFalse();
            assertThat(round.mayWatch("alice", STUDENT, "cs101")).isFalse();
        }

        assertThat(statements.count(FIND_CLASS) - classReadsBefore).as("class reads").isEqualTo(2);
        assertThat(statements.count(TEACHES) - assignmentReadsBefore).as("assignment reads").isEqualTo(2);
    }

    @Test
    void eachRoundReadsAgain() {
        long before = statements.count(FIND_CLASS);
        assertThat(access.recheck().mayWatch("admin", ADMIN, "cs101")).isTrue();
        assertThat(access.recheck().mayWatch("admin", ADMIN, "cs101")).isTrue();
        assertThat(statements.count(FIND_CLASS) - before).isEqualTo(2);
    }

    /** SUBSCRIBE: a grant lives for attendance.security.access-cache-ttl; an admin's serves every admin. */
    @Test
    void oneGrantServesEveryAdminSubscribingWithinItsLifetime() {
        long before = statements.count(FIND_CLASS);
        for (int session = 0; session < 200; session++) {
            assertThat(access.mayWatch("admin-" + session, ADMIN, "math201")).isTrue();
        }
        assertThat(statements.count(FIND_CLASS) - before).as("class reads").isLessThanOrEqualTo(1);
        assertThat(access.mayWatch("turing", TEACHER, "math201")).isTrue();
        assertThat(access.mayWatch("lovelace", TEACHER, "math201")).as("an admin's grant is not a teacher's").isFalse();
    }
}

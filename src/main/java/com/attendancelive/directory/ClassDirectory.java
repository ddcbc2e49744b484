package com.attendancelive.directory;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who exists, which classes exist, who teaches and who attends them. */
@Service
public class ClassDirectory {

    private static final RowMapper<SchoolClass> CLASS = (rs, row) ->
            new SchoolClass(rs.getString("id"), rs.getString("name"), ZoneId.of(rs.getString("time_zone")));

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ClassDirectory(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public Optional<UserAccount> findUser(String username) {
        return jdbc.sql("select username, password_hash, role, display_name from app_user where username = ?")
                .param(username)
                .query((rs, row) -> new UserAccount(rs.getString("username"), rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")), rs.getString("display_name")))
                .optional();
    }

    public Optional<SchoolClass> findClass(String classId) {
        return jdbc.sql("select id, name, time_zone from school_class where id = ?").param(classId).query(CLASS).optional();
    }

    public List<SchoolClass> allClasses() {
        return jdbc.sql("select id, name, time_zone from school_class order by id").query(CLASS).list();
    }

    public List<SchoolClass> classesTaughtBy(String teacher) {
        return jdbc.sql("""
                select c.id, c.name, c.time_zone from school_class c
                join teaching_assignment t on t.class_id = c.id
                where t.teacher = ? order by c.id""").param(teacher).query(CLASS).list();
    }

    public List<SchoolClass> classesAttendedBy(String student) {
        return jdbc.sql("""
                select c.id, c.name, c.time_zone from school_class c
                join enrollment e on e.class_id = c.id
                where e.student = ? order by c.id""").param(student).query(CLASS).list();
    }

    public boolean teaches(String teacher, String classId) {
        return jdbc.sql("select count(*) from teaching_assignment where teacher = ? and class_id = ?")
                .params(teacher, classId).query(Integer.class).single() > 0;
    }

    public boolean isEnrolled(String student, String classId) {
        return jdbc.sql("select count(*) from enrollment where student = ? and class_id = ?")
                .params(student, classId).query(Integer.class).single() > 0;
    }

    public List<String> enrolledStudents(String classId) {
        return jdbc.sql("select student from enrollment where class_id = ? order by student")
                .param(classId).query(String.class).list();
    }

    /** The display names of the class's students, by user name in user-name order. */
    public Map<String, String> enrolledStudentNames(String classId) {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.sql("""
                select u.username, u.display_name from enrollment e join app_user u on u.username = e.student
                where e.class_id = ? order by u.username""")
                .param(classId)
                .query(rs -> {
                    names.put(rs.getString("username"), rs.getString("display_name"));
                });
        return names;
    }

    @Transactional
    public void assignTeacher(String classId, String teacher) {
        if (!teaches(teacher, classId)) {
            jdbc.sql("insert into teaching_assignment (class_id, teacher) values (?, ?)").params(classId, teacher).update();
        }
    }

    @Transactional
    public void unassignTeacher(String classId, String teacher) {
        int removed = jdbc.sql("delete from teaching_assignment where class_id = ? and teacher = ?")
                .params(classId, teacher).update();
        if (removed > 0) {
            events.publishEvent(new TeacherUnassigned(classId, teacher));
        }
    }
}

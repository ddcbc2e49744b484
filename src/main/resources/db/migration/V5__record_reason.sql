-- A record carries the reason of the last teacher change (PUT .../attendance/{studentId}); null
-- when no teacher changed it (check-ins, the absentees marked by closing). The audit trail keeps
-- every reason; this column lets the roster and the CSV exports read it without a lookup per row.
alter table attendance_record add column reason varchar(500);

-- Records changed before this migration: the reason of their last audit row, where that row is a
-- correction. A record of version 2 or more was last changed by a correction; one of version 1
-- with source TEACHER was created by a correction (reason set) or by a teacher's check-in (none).
update attendance_record r set reason = (
    select a.reason from attendance_audit a
    where a.session_id = r.session_id and a.student_id = r.student_id
      and a.id = (select max(a2.id) from attendance_audit a2
                  where a2.session_id = r.session_id and a2.student_id = r.student_id))
where r.version > 1 or r.source = 'TEACHER';

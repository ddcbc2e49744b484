-- Attempts counted for the whole deployment (the limits module): failed logins per user name and
-- per address, wrong check-in codes per student. One row per limit and subject: how many attempts
-- the current window holds and when it ends. Expired rows are deleted by every instance's cleanup.
-- No index besides the key: the table is bounded (attendance.limits.max-tracked-keys), so the
-- cleanup's scan once a minute is cheap, and every counting UPDATE can stay a heap-only update.
-- Runs on H2 and PostgreSQL.
create table attempt_counter (
    counter_key varchar(200) not null primary key,
    attempts    int          not null,
    window_end  timestamp with time zone not null
);

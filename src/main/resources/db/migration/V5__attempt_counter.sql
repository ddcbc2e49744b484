-- Attempts counted for the whole deployment (the limits module): failed logins per user name and
-- per address, wrong check-in codes per student. One row per limit and subject: how many attempts
-- the current window holds and when it ends. Expired rows are deleted by every instance's cleanup.
-- Runs on H2 and PostgreSQL.
create table attempt_counter (
    counter_key varchar(200) not null primary key,
    attempts    int          not null,
    window_end  timestamp with time zone not null
);

create index attempt_counter_window_end on attempt_counter (window_end);

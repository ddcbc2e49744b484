-- People, classes, who teaches and who attends. Runs on H2 and PostgreSQL.
create table app_user (
    username      varchar(64)  not null primary key,
    password_hash varchar(200) not null,
    role          varchar(16)  not null,
    display_name  varchar(200) not null,
    constraint app_user_role check (role in ('ADMIN', 'TEACHER', 'STUDENT', 'SERVICE'))
);

create table school_class (
    id        varchar(64)  not null primary key,
    name      varchar(200) not null,
    time_zone varchar(64)  not null default 'UTC'
);

create table teaching_assignment (
    class_id varchar(64) not null references school_class (id),
    teacher  varchar(64) not null references app_user (username),
    primary key (class_id, teacher)
);

create table enrollment (
    class_id varchar(64) not null references school_class (id),
    student  varchar(64) not null references app_user (username),
    primary key (class_id, student)
);

create index enrollment_student on enrollment (student);
create index teaching_assignment_teacher on teaching_assignment (teacher);

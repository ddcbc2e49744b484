-- Spring Modulith's JDBC event publication registry (schema v2), in SQL that H2 and PostgreSQL
-- both accept. Modulith's own schema initialization stays off.
create table event_publication (
    id                     uuid         not null primary key,
    listener_id            varchar(512) not null,
    event_type             varchar(512) not null,
    serialized_event       varchar      not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 varchar(20),
    completion_attempts    int,
    last_resubmission_date timestamp with time zone
);

create index event_publication_by_completion_date on event_publication (completion_date);
create index event_publication_by_listener on event_publication (listener_id);

-- The ContainerManagers that registered by heartbeat. A worker's usage cursor stays in
-- usage_cursor under its URL, so a worker that falls silent and comes back is read on
-- from where it was: billed exactly once.
create table worker (
    name          varchar(63)  not null primary key,
    url           varchar(500) not null,
    cpu_capacity  integer      not null,
    first_seen    timestamp with time zone not null,
    last_seen     timestamp with time zone not null
);

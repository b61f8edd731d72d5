-- Metering: what has been read from each ContainerManager's usage log, and how far each
-- container instance and each user has been metered and charged. Every row changes in
-- the same transaction as the charges it leads to, so a crash between reading usage and
-- committing it reads the same records again and charges nothing twice.

-- How far each ContainerManager's usage log has been read.
create table usage_cursor (
    source      varchar(500) not null primary key,
    -- The log the cursor belongs to: a ContainerManager that lost its state starts a
    -- new one, read from its start.
    log_id      varchar(64),
    after_seq   bigint       not null,
    updated_at  timestamp with time zone not null
);

-- The last reading of each container instance (one start of a container). CPU is in
-- seconds with nanosecond precision, exactly as the cgroup counter reports it.
create table usage_meter (
    instance          varchar(100)  not null primary key,
    source            varchar(500)  not null,
    container         varchar(63)   not null,
    user_id           varchar(63)   not null,
    cpu_seconds       numeric(24,9) not null,
    allocated_shares  integer       not null,
    read_at           timestamp with time zone not null,
    -- Billable seconds under the noise threshold, carried until they add up or the
    -- instance ends.
    carried_seconds   numeric(24,9) not null,
    ended             boolean       not null
);

create index usage_meter_user on usage_meter (user_id);

-- Per user, cumulative: billable vcore-seconds metered (by the account's billing basis),
-- CPU-seconds measured (always used CPU), and GRC charged. What is owed but not yet
-- charged is metered / rate - charged, never stored, so no remainder can be lost.
create table user_meter (
    user_id           varchar(63)   not null primary key,
    metered_seconds   numeric(24,9) not null,
    measured_seconds  numeric(24,9) not null,
    charged           numeric(20,8) not null,
    charges           bigint        not null,
    updated_at        timestamp with time zone not null
);

-- Deposits through the local wallet that wait out a (simulated) confirmation delay.
-- Credited exactly once: the ledger transfer is keyed by the deposit's key.
create table local_deposit (
    idempotency_key  varchar(200)  not null primary key,
    user_id          varchar(63)   not null,
    amount           numeric(20,8) not null check (amount > 0),
    memo             varchar(500),
    requested_at     timestamp with time zone not null,
    confirm_at       timestamp with time zone not null,
    credited         boolean       not null
);

create index local_deposit_pending on local_deposit (credited, confirm_at);

-- A user's ledger, newest first.
create index ledger_transfer_from on ledger_transfer (from_account, id);
create index ledger_transfer_to on ledger_transfer (to_account, id);

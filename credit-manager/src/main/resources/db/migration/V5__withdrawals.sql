-- Withdrawals to a Gridcoin address. The amount and the fee are reserved in the ledger
-- before the node is asked to send, and the send carries the withdrawal's id as its
-- comment, so a send whose answer was lost is found again rather than sent twice.
create table withdrawal (
    id               varchar(36)   not null primary key,
    idempotency_key  varchar(250)  not null unique,
    user_id          varchar(63)   not null,
    address          varchar(100)  not null,
    amount           numeric(20,8) not null check (amount > 0),
    fee              numeric(20,8) not null check (fee >= 0),
    state            varchar(16)   not null check (state in ('PENDING', 'SENT', 'FAILED')),
    txid             varchar(100),
    failure          varchar(500),
    requested_at     timestamp with time zone not null,
    settled_at       timestamp with time zone
);

create index withdrawal_pending on withdrawal (state, requested_at);

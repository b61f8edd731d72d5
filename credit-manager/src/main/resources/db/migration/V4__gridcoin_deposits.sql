-- Gridcoin deposits: one address per user, the listsinceblock cursor, and every credited
-- deposit (txid + address), which is what makes crediting exactly once.

create table deposit_address (
    user_id     varchar(63)  not null primary key,
    address     varchar(100) not null unique,
    created_at  timestamp with time zone not null
);

-- One row: the last block listsinceblock reported, stored only together with the credits
-- it covers.
create table chain_cursor (
    id          integer      not null primary key check (id = 1),
    last_block  varchar(100) not null,
    updated_at  timestamp with time zone not null
);

create table chain_deposit (
    txid         varchar(100)  not null,
    address      varchar(100)  not null,
    user_id      varchar(63)   not null,
    amount       numeric(20,8) not null check (amount > 0),
    credited_at  timestamp with time zone not null,
    reversed_at  timestamp with time zone,
    primary key (txid, address)
);

create index chain_deposit_recent on chain_deposit (credited_at);

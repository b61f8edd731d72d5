-- A deposit is an output. Nodes that list each output's vout (Bitcoin Core, litecoind)
-- credit each (txid, vout); Gridcoin lists none, so its outputs to one address in one
-- transaction are summed into one credit with vout -1, as every credit made before this
-- migration is kept.

create table chain_deposit_output (
    txid         varchar(100)  not null,
    address      varchar(100)  not null,
    vout         integer       not null,
    user_id      varchar(63)   not null,
    amount       numeric(20,8) not null check (amount > 0),
    credited_at  timestamp with time zone not null,
    reversed_at  timestamp with time zone,
    primary key (txid, address, vout)
);

insert into chain_deposit_output (txid, address, vout, user_id, amount, credited_at, reversed_at)
select txid, address, -1, user_id, amount, credited_at, reversed_at from chain_deposit;

drop table chain_deposit;

alter table chain_deposit_output rename to chain_deposit;

create index chain_deposit_recent on chain_deposit (credited_at);

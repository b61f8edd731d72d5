-- Each ledger account's balance, kept in the same transaction as the entries that move it,
-- so that reading a balance (every billing cycle reads thousands) costs one row however
-- long the ledger grows. The entries stay the record: GET /api/v1/ledger/check compares
-- the two.
create table ledger_balance (
    account  varchar(64)   not null primary key,
    balance  numeric(20,8) not null
);

insert into ledger_balance (account, balance)
select account, sum(amount) from ledger_entry group by account;

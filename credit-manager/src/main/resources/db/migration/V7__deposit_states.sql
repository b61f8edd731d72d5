-- Reorgs both ways. A credited deposit is CREDITED, HELD (it fell back under the
-- confirmation depth: still in the balance, not withdrawable) or REVERSED (conflicted or
-- gone: its credit taken back). Each reversal and each restore is its own ledger
-- transfer, numbered by `reversals`. Re-checks are spaced: the next one waits twice as
-- long as the last (`checks` so far), and a deposit is watched until `watch_until`,
-- which every change moves on by the re-check window (24 hours by default, as here).

alter table chain_deposit add column state varchar(16) default 'CREDITED' not null;
alter table chain_deposit add column reversals integer default 0 not null;
alter table chain_deposit add column checks integer default 0 not null;
alter table chain_deposit add column next_check_at timestamp with time zone;
alter table chain_deposit add column watch_until timestamp with time zone;

update chain_deposit set state = 'REVERSED', reversals = 1 where reversed_at is not null;
update chain_deposit set next_check_at = credited_at, watch_until = credited_at + interval '1' day;

alter table chain_deposit alter column next_check_at set not null;
alter table chain_deposit alter column watch_until set not null;
alter table chain_deposit add constraint chain_deposit_state check (state in ('CREDITED', 'HELD', 'REVERSED'));
alter table chain_deposit drop column reversed_at;

drop index chain_deposit_recent;
create index chain_deposit_due on chain_deposit (next_check_at);

-- The cursor's height, to check each pass that its block is still on the main chain.
alter table chain_cursor add column height integer;

-- The chain's height when a withdrawal was reserved: its send is in a later block or
-- the mempool, so a lost answer is looked for there only.
alter table withdrawal add column tip_height integer;

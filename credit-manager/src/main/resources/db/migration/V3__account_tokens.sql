-- A user's API token, issued by the admin. Only its SHA-256 is kept: the token itself is
-- shown once, when issued.
alter table account add column token_sha256 varchar(64);

create unique index account_token on account (token_sha256);

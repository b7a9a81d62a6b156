-- Signed logins already exchanged for a token, kept until they expire so none is accepted twice
-- by any replica.
create table auth_login (
    address    text        not null,
    nonce      text        not null,
    expires_at timestamptz not null,
    primary key (address, nonce)
);
create index auth_login_expires on auth_login (expires_at);

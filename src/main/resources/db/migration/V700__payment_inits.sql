-- Payment initializations waiting for their recipient (router role). Only the envelope, encrypted
-- to the recipient's key, is stored; the server cannot read the secret or the amount.
create table payment_init (
    id         uuid        primary key,
    recipient  text        not null,
    sender     text        not null,
    envelope   bytea       not null check (octet_length(envelope) <= 4096),
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index payment_init_recipient on payment_init (recipient, expires_at);
create index payment_init_expires on payment_init (expires_at);

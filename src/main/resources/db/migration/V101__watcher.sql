-- Watcher: the latest delegated state per channel (one row per channel, deleted on settle), what
-- the chain says about each watched channel, the transactions the watcher asked the relay for
-- (an outbox: written in the deciding transaction, published afterwards) and the kept outcome.

create table watcher_state (
    channel_id   bytea    primary key,
    nonce        bigint   not null,
    balance_a    numeric(78, 0) not null,
    balance_b    numeric(78, 0) not null,
    sig_a        bytea    not null,
    sig_b        bytea    not null,
    -- recovered signers of sig_a and sig_b; checked against the parties once the channel is known
    signer_a     bytea    not null,
    signer_b     bytea    not null,
    -- hunter authorizations by party A and party B (either may be absent)
    hunter_auth_a bytea,
    hunter_auth_b bytea,
    -- the client (channel key) that delegated it, for quotas
    client       bytea    not null,
    accepted_block bigint not null,
    accepted_at  timestamptz not null,
    -- set while the channel is not yet seen on chain; the state is dropped after it
    expires_at   timestamptz
);
create index watcher_state_client on watcher_state (client);
create index watcher_state_expires on watcher_state (expires_at) where expires_at is not null;

create table watcher_channel (
    channel_id      bytea primary key,
    party_a         bytea not null,
    party_b         bytea not null,
    total           numeric(78, 0) not null,
    bounty          numeric(78, 0) not null,
    status          varchar(16) not null,
    -- the close seen on chain (null when none)
    close_nonce     bigint,
    close_deadline  bigint,
    closer          bytea,
    close_block     bytea,
    -- the highest nonce proven on chain by a dispute
    disputed_nonce  bigint,
    disputed_by     bytea,
    opened_block    bytea not null
);

create table watcher_request (
    request_id   varchar(200) primary key,
    channel_id   bytea not null,
    purpose      varchar(16) not null,
    payload      text not null,
    published    boolean not null default false,
    status       varchar(16) not null,
    tx_hash      varchar(66),
    gas_used     numeric(78, 0),
    gas_price    numeric(78, 0),
    reason       text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create index watcher_request_unpublished on watcher_request (created_at) where not published;
create index watcher_request_channel on watcher_request (channel_id);

create table watcher_outcome (
    channel_id     bytea primary key,
    held_nonce     bigint,
    close_nonce    bigint,
    disputed       boolean not null default false,
    disputed_nonce bigint,
    bounty_wei     numeric(78, 0) not null default 0,
    bounty_withdrawn boolean not null default false,
    settled        boolean not null default false,
    balance_a      numeric(78, 0),
    balance_b      numeric(78, 0),
    updated_at     timestamptz not null default now()
);

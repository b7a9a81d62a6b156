-- Transaction relay: Vigil's nonces, every relayed transaction, every signed attempt, the outcome
-- outbox and the broadcast log.

-- Next nonce of each hot key. Only the replica holding the account's sending lease allocates.
create table relay_account (
    address    varchar(42) primary key,
    next_nonce bigint      not null check (next_nonce >= 0)
);

-- One row per request (Vigil's own or a client's), whatever the number of attempts.
create table relay_tx (
    request_id          varchar(200) primary key,
    kind                varchar(16)  not null,  -- OWN (Vigil signs) or CLIENT (client signed)
    purpose             varchar(32)  not null,
    sender              varchar(42)  not null,
    target              varchar(42)  not null,
    data                text         not null,
    value               numeric(78)  not null,
    deadline            bigint       not null default 0,
    value_at_stake      numeric(78)  not null default 0,
    channel_id          varchar(66),
    nonce               bigint,
    gas_limit           bigint,
    max_fee             numeric(78),
    priority_fee        numeric(78),
    tx_hash             varchar(66),
    status              varchar(16)  not null,
    block_number        bigint,
    block_hash          varchar(66),
    confirmations       integer      not null default 0,
    gas_used            numeric(78),
    effective_gas_price numeric(78),
    reason              text,
    sends               integer      not null default 0,
    done                boolean      not null default false,
    created_at          timestamptz  not null,
    updated_at          timestamptz  not null,
    last_sent_at        timestamptz
);
-- Never two of Vigil's transactions on one nonce.
create unique index relay_tx_own_nonce on relay_tx (sender, nonce) where kind = 'OWN' and nonce is not null;
create index relay_tx_open on relay_tx (sender, created_at) where not done;
create unique index relay_tx_hash on relay_tx (tx_hash) where tx_hash is not null;

-- Every signed transaction of a request (a fee bump adds one at the same nonce). Stored before it
-- is broadcast, so a restart can re-send exactly what may already be in the pool.
create table relay_attempt (
    tx_hash      varchar(66)  primary key,
    request_id   varchar(200) not null references relay_tx (request_id),
    nonce        bigint       not null,
    max_fee      numeric(78)  not null,
    priority_fee numeric(78)  not null,
    raw          text         not null,
    created_at   timestamptz  not null
);
create index relay_attempt_request on relay_attempt (request_id);

-- Outcomes waiting to be published on vigil.tx-outcomes (written with the status change).
create table relay_outbox (
    id         bigserial    primary key,
    request_id varchar(200) not null,
    payload    text         not null,
    created_at timestamptz  not null
);

-- Who broadcast what and when; kept for vigil.relay.send-log-retention.
create table relay_send_log (
    id          bigserial   primary key,
    sender      varchar(42) not null,
    nonce       bigint      not null,
    tx_hash     varchar(66) not null,
    instance    varchar(80) not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null
);
create index relay_send_log_sender on relay_send_log (sender, started_at);

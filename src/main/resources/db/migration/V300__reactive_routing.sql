-- Reactive payment routing (role router). Amounts are decimals with 18 fractional digits.

-- This server's identity and table id (epoch). A new table id means the bundle history was lost.
create table router_node (
    id          smallint primary key check (id = 1),
    address     varchar(42)  not null,
    table_id    varchar(36)  not null,
    created_at  timestamptz  not null
);

-- Neighbours: other routing servers and light clients, with the channel's spendable amounts.
create table router_link (
    address          varchar(42)     primary key,
    kind             varchar(6)      not null check (kind in ('SERVER', 'CLIENT')),
    base_url         varchar(500),
    unit             varchar(16)     not null,
    rate             numeric(60, 18) not null check (rate > 0),
    fee_base         numeric(78, 18) not null check (fee_base >= 0),
    fee_ppm          bigint          not null check (fee_ppm >= 0),
    our_spendable    numeric(78, 18) not null check (our_spendable >= 0),
    their_spendable  numeric(78, 18) not null check (their_spendable >= 0),
    updated_at       timestamptz     not null
);

-- Routing table: one entry per payment hash; its pay_amount is reserved on next_hop's link.
create table router_entry (
    hash            varchar(66)     primary key,
    amount          numeric(78, 18) not null,
    pay_amount      numeric(78, 18) not null,
    next_hop        varchar(42)     not null,
    ttl             integer         not null,
    expires_at      timestamptz     not null,
    reserved_until  timestamptz     not null,
    updated_at      timestamptz     not null
);
create index router_entry_next_hop on router_entry (next_hop, reserved_until);
create index router_entry_expires on router_entry (expires_at);

-- Queue of outgoing routing messages, one per (neighbour, hash): a lower offer overwrites.
create table router_outbox (
    recipient  varchar(42)     not null,
    hash       varchar(66)     not null,
    amount     numeric(78, 18) not null,
    ttl        integer         not null,
    queued_at  timestamptz     not null,
    primary key (recipient, hash)
);

-- Bundle store: the signed bundles as served, numbered within the current table id.
create table router_bundle (
    seq            bigint       primary key,
    table_id       varchar(36)  not null,
    created_at     timestamptz  not null,
    message_count  integer      not null,
    body           text         not null
);
create index router_bundle_created on router_bundle (created_at);

-- Where this server is in each server neighbour's bundle stream.
create table router_peer_cursor (
    peer        varchar(42)  primary key,
    table_id    varchar(36)  not null,
    last_seq    bigint       not null,
    updated_at  timestamptz  not null
);

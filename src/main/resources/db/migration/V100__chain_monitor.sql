-- Chain monitor: the cursor, the recent canonical blocks it processed (for reorg detection by
-- parent hash) and the events it published from them (so a disconnected block can be retracted
-- even when the node no longer serves its logs).

create table chain_cursor (
    id          smallint primary key check (id = 1),
    number      bigint   not null,
    hash        bytea    not null,
    updated_at  timestamptz not null default now()
);

-- Only blocks within the reorg window are kept; older ones are pruned.
create table chain_block (
    number      bigint primary key,
    hash        bytea  not null unique,
    parent_hash bytea  not null,
    timestamp   bigint not null
);

create table chain_event (
    block_hash   bytea   not null,
    log_index    bigint  not null,
    block_number bigint  not null,
    channel_id   bytea   not null,
    payload      text    not null,
    primary key (block_hash, log_index)
);
create index chain_event_block_number on chain_event (block_number);

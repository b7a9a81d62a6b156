-- Idempotent consumption: one row per (consumer, event) handled. Written in the same transaction
-- as the event's effects, so a redelivered event is recognised and skipped.
create table inbox (
    consumer     varchar(64)  not null,
    event_id     varchar(200) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);

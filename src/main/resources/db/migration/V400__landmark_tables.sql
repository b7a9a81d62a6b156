-- Landmark routing (router role): hosted users, their contacts, their routing tables, and what each
-- user last announced to each contact. Limits are NULL when unlimited.

create table landmark_user (
    user_id    text primary key,
    created_at timestamptz not null default now()
);

-- One user's view of its link to a contact. A trustline fills the trust_/debt/pending_ columns, a
-- payment channel the spendable_ columns. server is NULL when the contact is hosted here.
create table landmark_contact (
    user_id        text   not null references landmark_user (user_id),
    contact_id     text   not null,
    server         text,
    kind           text   not null check (kind in ('TRUSTLINE', 'CHANNEL')),
    trust_given    bigint,
    trust_received bigint,
    debt           bigint,
    pending_out    bigint,
    pending_in     bigint,
    spendable_out  bigint,
    spendable_in   bigint,
    primary key (user_id, contact_id)
);

-- The routing table: the seed's columns, plus the announced path (contact first, landmark last,
-- comma-separated) that lets a node refuse routes that loop through it.
create table landmark_route (
    user_id    text   not null,
    landmark   text   not null,
    approach   text   not null,
    contact_id text   not null,
    max_to     bigint check (max_to >= 0),
    max_from   bigint check (max_from >= 0),
    path       text   not null,
    primary key (user_id, landmark, approach, contact_id),
    foreign key (user_id, contact_id) references landmark_contact (user_id, contact_id) on delete cascade
);

-- What user_id last announced to contact_id, so a window sends only new or changed entries.
create table landmark_sent (
    user_id    text   not null,
    contact_id text   not null,
    landmark   text   not null,
    approach   text   not null,
    max_to     bigint,
    max_from   bigint,
    path       text   not null,
    primary key (user_id, contact_id, landmark, approach),
    foreign key (user_id, contact_id) references landmark_contact (user_id, contact_id) on delete cascade
);

-- Message sequence numbers per direction; kept when a contact is removed, so a re-added contact
-- never sees an old number again.
create table landmark_sequence (
    user_id    text   not null,
    contact_id text   not null,
    sent       bigint not null default 0,
    received   bigint not null default 0,
    primary key (user_id, contact_id)
);

-- Users with changes to announce at the end of the current window.
create table landmark_pending (
    user_id text primary key
);

-- ROUTING messages for contacts on other Vigil servers, delivered oldest first.
create table landmark_outbox (
    id         bigserial primary key,
    server     text        not null,
    message    text        not null,
    created_at timestamptz not null default now()
);

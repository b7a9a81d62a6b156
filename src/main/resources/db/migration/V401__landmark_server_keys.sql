-- Landmark routing: the key of each remote contact's server, pinned when the contact is added, and
-- the receiving server's key with each queued message (the signed text names it). Contacts hosted
-- here have no key; remote contacts added before this migration have none either and must be put
-- again (with or without serverKey) before their messages are accepted.

alter table landmark_contact
    add column server_key text check (server_key ~ '^0x[0-9a-f]{40}$'),
    add constraint landmark_contact_local_has_no_key check (server is not null or server_key is null);

alter table landmark_outbox
    add column server_key text;

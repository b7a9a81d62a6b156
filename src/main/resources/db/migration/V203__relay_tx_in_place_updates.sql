-- Most status changes of a relayed transaction (IN_POOL after its broadcast, INCLUDED with each
-- confirmation) touch no indexed column. PostgreSQL can then write the new row version on the same
-- page without adding index entries (a heap-only tuple), if the page has room: keep a fifth of each
-- new page free for them. A column named in a partial index's condition counts as indexed, so the
-- index of own requests waiting for a nonce no longer names status: a request without a nonce that
-- is not done is still PENDING (a refusal before signing marks it done).
alter table relay_tx set (fillfactor = 80);

drop index relay_tx_waiting_own;
create index relay_tx_waiting_own on relay_tx (created_at)
    where kind = 'OWN' and nonce is null and not done;

-- Token buckets of the rate limits, shared by every replica (io.vigil.core.limits.RateLimiter).
-- A row exists only while its bucket is not full: full_at is when it is full again if unused, and
-- the pruning job deletes rows past it. No index on full_at, so that the updates of a busy bucket
-- stay heap-only (HOT); pruning scans the table, which holds only recently used keys.
create table rate_bucket (
    scope      text             not null,
    key        text             not null,
    tokens     double precision not null,
    taken      integer          not null,
    updated_at timestamptz      not null,
    full_at    timestamptz      not null,
    primary key (scope, key)
) with (fillfactor = 70);

-- The challenge period (seconds) each channel was opened with, which the watch policy checks.
-- Channels learned before this column existed keep null: their period is unknown and not checked.
alter table watcher_channel add column challenge_period bigint;

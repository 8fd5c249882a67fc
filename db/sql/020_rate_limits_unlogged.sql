-- Rate-limit counters are worth nothing after a crash, and each submission bumps one outside the
-- claim's own transaction: unlogged, that bump writes no WAL and waits for no disk flush.
alter table rate_limits set unlogged;

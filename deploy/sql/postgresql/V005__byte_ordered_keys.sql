-- Keys are opaque identifiers (tenant/hash, state name/grain id), never sorted for people, so
-- they compare byte by byte. Under the database's default collation (a libc locale such as
-- C.UTF-8 or en_US.UTF-8) every index comparison went through strcoll on keys that share long
-- prefixes; activation reads look up several keys at once (JournalReadGroup) and each group
-- commit inserts into these indexes, so the comparisons are on every mention's path.
ALTER TABLE socialcare_grain_states ALTER COLUMN grain_key TYPE text COLLATE "C";
ALTER TABLE socialcare_conversations ALTER COLUMN conversation_key TYPE text COLLATE "C";
ALTER TABLE socialcare_conversation_messages ALTER COLUMN conversation_key TYPE text COLLATE "C";
ALTER TABLE socialcare_open_conversations ALTER COLUMN conversation_key TYPE text COLLATE "C";

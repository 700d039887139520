-- A queue shard holds only the head of its queue in memory (SocialCare:Grains:QueueShardHeadSize)
-- and reads what lies beyond it from socialcare_open_conversations, so the rows carry their
-- place in work order as columns an index can walk: priority (1 urgent .. 4 low), the next SLA
-- deadline and the opening as .NET ticks (exactly the values the silo compares; no deadline is
-- the largest value, last in order), then the conversation id in byte order.
ALTER TABLE socialcare_open_conversations
    ADD COLUMN rank_priority smallint,
    ADD COLUMN rank_due      bigint,
    ADD COLUMN rank_opened   bigint,
    ADD COLUMN rank_id       text COLLATE "C";

-- Rows stored before this version: their times come from the item's text, to the microsecond
-- (ticks below it are lost, which only matters for two rows within the same microsecond, and
-- the next change of such a conversation writes its exact ticks).
UPDATE socialcare_open_conversations SET
    rank_priority = CASE item->>'priority' WHEN 'Urgent' THEN 1 WHEN 'High' THEN 2 WHEN 'Normal' THEN 3 ELSE 4 END,
    rank_due = CASE WHEN item->>'nextDueAt' IS NULL THEN 3155378975999999999
        ELSE (extract(epoch FROM (item->>'nextDueAt')::timestamptz) * 1000000)::bigint * 10 + 621355968000000000 END,
    rank_opened = (extract(epoch FROM (item->>'openedAt')::timestamptz) * 1000000)::bigint * 10 + 621355968000000000,
    rank_id = item->>'conversationId';

ALTER TABLE socialcare_open_conversations
    ALTER COLUMN rank_priority SET NOT NULL,
    ALTER COLUMN rank_due SET NOT NULL,
    ALTER COLUMN rank_opened SET NOT NULL,
    ALTER COLUMN rank_id SET NOT NULL;

-- The new index starts with the old one's columns, so it serves shard rebuilds and counts too;
-- the old one would only cost every write.
DROP INDEX socialcare_open_conversations_shard_ix;
CREATE INDEX socialcare_open_conversations_order_ix
    ON socialcare_open_conversations (tenant_id, team_id, shard, rank_priority, rank_due, rank_opened, rank_id);

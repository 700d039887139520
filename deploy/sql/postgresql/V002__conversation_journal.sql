-- SocialCare's own tables beside the Orleans ones: the conversation journal.
--
-- socialcare_conversation_messages: every message of every conversation, appended and never
-- rewritten once acknowledged. A conversation's grain state keeps only its recent messages, so
-- appending costs one small row whatever the conversation's length. A row whose sequence is
-- above the conversation's stored message count belongs to a write that failed half-way (never
-- acknowledged); the next append with that sequence replaces it.
CREATE TABLE socialcare_conversation_messages (
    conversation_key text        NOT NULL,
    sequence         integer     NOT NULL,
    received_at      timestamptz NOT NULL,
    message          jsonb       NOT NULL,
    CONSTRAINT socialcare_conversation_messages_pk PRIMARY KEY (conversation_key, sequence)
);

-- socialcare_open_conversations: one row per unresolved conversation, written in the same
-- transaction as its messages. Queue shards rebuild from it when they activate (after a silo
-- died or the whole cluster restarted), and every silo's SLA sweeper reads the due deadlines
-- from its partial index, which is the timer layer instead of one reminder per conversation.
CREATE TABLE socialcare_open_conversations (
    conversation_key text        NOT NULL,
    tenant_id        text        NOT NULL,
    team_id          text        NOT NULL,
    shard            integer     NOT NULL,
    wake_at          timestamptz NULL,
    item             jsonb       NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT socialcare_open_conversations_pk PRIMARY KEY (conversation_key)
);

CREATE INDEX socialcare_open_conversations_shard_ix
    ON socialcare_open_conversations (tenant_id, team_id, shard);

CREATE INDEX socialcare_open_conversations_wake_ix
    ON socialcare_open_conversations (wake_at)
    WHERE wake_at IS NOT NULL;

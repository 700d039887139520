-- Conversations keep their own state beside their journal rows, so one change is one transaction
-- of one round trip: new messages, the open-conversations row and the state itself. (Until V003
-- the state lived in orleans_storage and cost a second transaction, and a second disk flush,
-- per change; see the load-testing issue.)
--
-- socialcare_conversations: the conversation grain's state (recent messages, SLA progress,
-- assignment, escalations), serialised by Orleans. version counts writes; a write names the
-- version it read and is refused if another writer got there first, the same optimistic check
-- Orleans grain storage makes with its ETag.
CREATE TABLE socialcare_conversations (
    conversation_key text        NOT NULL,
    version          bigint      NOT NULL,
    state            bytea       NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT socialcare_conversations_pk PRIMARY KEY (conversation_key)
);

-- Raises serialization_failure (SQLSTATE 40001) with a message, so a statement inside a batch
-- can abort the batch's whole transaction when a version check fails.
CREATE FUNCTION socialcare_refuse_stale_write(conversation_key text, expected_version bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'conversation % changed since version % was read', conversation_key, expected_version
        USING ERRCODE = '40001';
END
$$;

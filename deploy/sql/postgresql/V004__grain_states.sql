-- Grain state (tenants, customers, authors) beside the conversations, written through the
-- journal's group commit instead of one Orleans ADO.NET transaction per write: an ingest that
-- opens a conversation also writes its author and its customer, and these now share the
-- conversation's transaction with the other changes in flight (see the load-testing issue).
-- Cluster membership and reminders stay in the Orleans ADO.NET tables of V001.
--
-- grain_key is "<state name>/<grain id>"; version counts writes and is checked like
-- socialcare_conversations.version (Orleans sees it as the ETag).
CREATE TABLE socialcare_grain_states (
    grain_key  text        NOT NULL,
    version    bigint      NOT NULL,
    state      bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT socialcare_grain_states_pk PRIMARY KEY (grain_key)
);

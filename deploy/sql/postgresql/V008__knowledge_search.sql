-- Knowledge search: one row per answered conversation, written when it is resolved (again on a
-- later resolution), so the next agent finds how a similar case was answered. Text is masked of
-- personal data before it gets here. The document is stemmed twice, as English and as French,
-- so a query in either language finds its words' other forms ("refunds" -> "refund",
-- "remboursement" -> "rembours"); the customer's question weighs more than the answer.
CREATE TABLE socialcare_knowledge (
    tenant_id       text COLLATE "C" NOT NULL,
    conversation_id text COLLATE "C" NOT NULL,
    team_id         text        NOT NULL,
    channel         smallint    NOT NULL,
    category        smallint    NOT NULL,
    question        text        NOT NULL,
    answer          text        NOT NULL,
    resolved_at     timestamptz NOT NULL,
    document        tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, question), 'A')
        || setweight(to_tsvector('english'::regconfig, answer), 'B')
        || setweight(to_tsvector('french'::regconfig, question), 'A')
        || setweight(to_tsvector('french'::regconfig, answer), 'B')) STORED,
    CONSTRAINT socialcare_knowledge_pk PRIMARY KEY (tenant_id, conversation_id)
);

CREATE INDEX socialcare_knowledge_document_ix ON socialcare_knowledge USING gin (document);

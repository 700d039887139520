-- A brand's own triage: the agents' corrections, kept as labels for its next training (with the
-- message text, since the model learns from words; a later correction of the same message
-- replaces the earlier one), and each trained model version with its cross-validated figures.
-- Every silo reads the active version's bytes from here, so all of them triage alike.
CREATE TABLE socialcare_triage_labels (
    tenant_id       text COLLATE "C" NOT NULL,
    conversation_id text COLLATE "C" NOT NULL,
    message_id      text COLLATE "C" NOT NULL,
    text            text        NOT NULL,
    category        smallint,
    sentiment       smallint,
    corrected_by    text        NOT NULL,
    corrected_at    timestamptz NOT NULL,
    CONSTRAINT socialcare_triage_labels_pk PRIMARY KEY (tenant_id, conversation_id, message_id)
);

CREATE INDEX socialcare_triage_labels_recent_ix ON socialcare_triage_labels (tenant_id, corrected_at DESC);

-- task: 1 sentiment, 2 complaint. description: the version's figures and provenance as JSON.
CREATE TABLE socialcare_triage_models (
    tenant_id   text COLLATE "C" NOT NULL,
    task        smallint    NOT NULL,
    version     integer     NOT NULL,
    created_at  timestamptz NOT NULL,
    description jsonb       NOT NULL,
    content     bytea       NOT NULL,
    CONSTRAINT socialcare_triage_models_pk PRIMARY KEY (tenant_id, task, version)
);

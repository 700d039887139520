-- The outbox: one row per reply, inserted in the same transaction as the reply's message, so a
-- reply is never stored without its delivery. Senders lease due rows (pending, or sending under
-- a lease that ran out) with FOR UPDATE SKIP LOCKED, so two senders never hold one row; the
-- conversation that owns a row is the only other writer, when a sender reports on it.
--
-- due_at is the delivery's timer: when a pending row may be tried (now, or after its backoff) and
-- when a sending row's lease runs out. Its partial index holds only unsettled rows, so leasing
-- costs one index range scan however many replies were ever sent. This is the SLA sweeper's
-- mechanism (a due time under a partial index, polled) in the outbox's own table: a delivery
-- outlives its conversation's open row (a reply posted just before resolving still goes out).
CREATE TABLE socialcare_deliveries (
    tenant_id          text COLLATE "C" NOT NULL,
    delivery_id        text COLLATE "C" NOT NULL,
    conversation_id    text        NOT NULL,
    message_sequence   integer     NOT NULL,
    channel            smallint    NOT NULL,
    account_id         text        NOT NULL,
    visibility         smallint    NOT NULL,
    in_reply_to        text        NULL,
    recipient_id       text        NULL,
    body               text        NOT NULL,
    state              smallint    NOT NULL,
    failed_attempts    integer     NOT NULL,
    due_at             timestamptz NULL,
    created_at         timestamptz NOT NULL,
    lease_owner        text        NULL,
    leases             integer     NOT NULL DEFAULT 0,
    network_message_id text        NULL,
    sent_at            timestamptz NULL,
    last_error         text        NULL,
    answers_private    boolean     NOT NULL,
    CONSTRAINT socialcare_deliveries_pk PRIMARY KEY (tenant_id, delivery_id)
);

CREATE INDEX socialcare_deliveries_due_ix
    ON socialcare_deliveries (tenant_id, due_at)
    WHERE state IN (1, 2);

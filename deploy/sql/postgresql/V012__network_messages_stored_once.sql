-- A customer's message is stored once, however late the network delivers it again: every
-- customer message a conversation stores claims its key here (tenant, channel, the brand account
-- it reached, the network's message id) in the same transaction as its message row. A conversation
-- remembers only its recent messages, so without this a redelivery after many newer messages, or
-- of a message whose conversation was resolved long ago, was stored a second time.
--
-- Messages stored before this version have no key (their channel and account live in the
-- conversation's serialised state, which SQL cannot read); they keep the recent-window check.
CREATE TABLE socialcare_network_messages (
    tenant_id          text     NOT NULL,
    channel            smallint NOT NULL,
    account_id         text     NOT NULL,
    network_message_id text     NOT NULL,
    conversation_key   text     NOT NULL,
    sequence           integer  NOT NULL,
    CONSTRAINT socialcare_network_messages_pk PRIMARY KEY (tenant_id, channel, account_id, network_message_id)
);

-- Called for a key that is already claimed. The same message rewritten where it stands (a
-- retried write) is allowed; anywhere else the whole transaction is refused with unique_violation
-- naming the constraint, and the silo reads where the message is stored to answer the redelivery.
CREATE FUNCTION socialcare_refuse_stored_message(stored_key text, stored_sequence integer, new_key text, new_sequence integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF stored_key = new_key AND stored_sequence = new_sequence THEN
        RETURN true;
    END IF;
    RAISE EXCEPTION 'network message already stored as message % of %', stored_sequence, stored_key
        USING ERRCODE = '23505',
              CONSTRAINT = 'socialcare_network_messages_pk';
END
$$;

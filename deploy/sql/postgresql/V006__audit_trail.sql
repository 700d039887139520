-- The audit trail: every action on a tenant's desk, appended in the transaction of the change it
-- records (the journal's group commit), so no change is stored without its entry or an entry
-- without its change.
--
-- socialcare_audit_entries: a tenant's entries form hash chains, one per lane. Each row carries
-- the hash of the row before it in its lane (previous_hash, 32 zero bytes for the first) and its
-- own hash, sha256(previous_hash || digest), where digest is SHA-256 of the entry's fields as
-- SocialCare encodes them (SocialCare.Domain.Audit.AuditEntry.Digest). The verifier recomputes
-- both, so an edited, removed or reordered row breaks its lane at that row. position orders the
-- tenant's entries for listing and export.
--
-- Why lanes: a chain head is locked from the append to the commit. With one head per tenant,
-- every transaction of a busy tenant waited for the previous one's disk flush, and the journal's
-- overlapping group commits ran one at a time (ingest of one tenant fell by about 40%). With a
-- few lanes, a writer takes whichever head no one holds (SKIP LOCKED) and commits alongside.
CREATE TABLE socialcare_audit_entries (
    tenant_id       text COLLATE "C" NOT NULL,
    position        bigint GENERATED ALWAYS AS IDENTITY,
    lane            smallint    NOT NULL,
    sequence        bigint      NOT NULL,
    recorded_at     timestamptz NOT NULL,
    actor           text        NOT NULL,
    acted_by        text        NULL,
    role            text        NOT NULL,
    location        text        NOT NULL,
    action          text        NOT NULL,
    target          text        NOT NULL,
    conversation_id text        NULL,
    request_id      text        NOT NULL,
    outcome         text        NOT NULL,
    detail          text        NOT NULL,
    previous_hash   bytea       NOT NULL,
    hash            bytea       NOT NULL,
    CONSTRAINT socialcare_audit_entries_pk PRIMARY KEY (tenant_id, lane, sequence)
);

-- No other index: every index is written on every mention's path. Measured on the append
-- function alone (pgbench, 4 clients, 50 entries a call): about 600 calls/s with an index on
-- (tenant_id, conversation_id) and one on (tenant_id, position), 850 with the second only, 990
-- with neither. Listings read each lane by its key from a cursor (a sequence per lane) and merge
-- the lanes by position; filters read the tenant's lanes from the cursor on.

-- socialcare_audit_heads: where each lane of each tenant's chain ends. An append locks one lane's
-- row until its transaction commits, so a lane's entries are numbered and linked in commit order
-- across silos; a group takes its tenants in tenant order, so groups never wait in a cycle.
CREATE TABLE socialcare_audit_heads (
    tenant_id text COLLATE "C" NOT NULL,
    lane      smallint NOT NULL,
    sequence  bigint NOT NULL,
    hash      bytea  NOT NULL,
    CONSTRAINT socialcare_audit_heads_pk PRIMARY KEY (tenant_id, lane)
);

-- socialcare_audit_cuts: retention's record of each cut (entries through through_sequence removed;
-- through_hash was the last removed entry's hash, where the stored chain now starts). The cut is
-- also an entry of the chain (action audit.retention_cut, naming the same sequence and hash), so
-- a cut row without its entry is a break the verifier reports.
CREATE TABLE socialcare_audit_cuts (
    tenant_id        text COLLATE "C" NOT NULL,
    lane             smallint    NOT NULL,
    through_sequence bigint      NOT NULL,
    through_hash     bytea       NOT NULL,
    removed          bigint      NOT NULL,
    cut_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT socialcare_audit_cuts_pk PRIMARY KEY (tenant_id, lane, through_sequence)
);

-- Appends entries (arrays of equal length, sorted by tenant) to their tenants' chains: each
-- tenant's entries of one call go into one lane, the first that no other transaction holds; a
-- tenant gets its 8 lanes at its first append. Only when all 8 are held does it wait, for one.
CREATE FUNCTION socialcare_append_audit(
    p_tenant text[], p_at timestamptz[], p_actor text[], p_acted_by text[], p_role text[],
    p_location text[], p_action text[], p_target text[], p_conversation text[], p_request text[],
    p_outcome text[], p_detail text[], p_digest bytea[])
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    n        integer := coalesce(array_length(p_tenant, 1), 0);
    tenant   text := NULL;
    taken    smallint;
    seq      bigint;
    head     bytea;
    seqs     bigint[] := '{}';
    lanes    smallint[] := '{}';
    previous bytea[] := '{}';
    hashes   bytea[] := '{}';
BEGIN
    FOR i IN 1 .. n LOOP
        IF tenant IS DISTINCT FROM p_tenant[i] THEN
            IF tenant IS NOT NULL THEN
                UPDATE socialcare_audit_heads SET sequence = seq, hash = head WHERE tenant_id = tenant AND lane = taken;
            END IF;
            tenant := p_tenant[i];
            SELECT h.lane, h.sequence, h.hash INTO taken, seq, head FROM socialcare_audit_heads h
            WHERE h.tenant_id = tenant ORDER BY h.lane LIMIT 1 FOR UPDATE SKIP LOCKED;
            IF NOT FOUND THEN
                INSERT INTO socialcare_audit_heads (tenant_id, lane, sequence, hash)
                SELECT tenant, l, 0, decode(repeat('00', 32), 'hex') FROM generate_series(0, 7) AS l
                ON CONFLICT (tenant_id, lane) DO NOTHING;
                SELECT h.lane, h.sequence, h.hash INTO taken, seq, head FROM socialcare_audit_heads h
                WHERE h.tenant_id = tenant ORDER BY h.lane LIMIT 1 FOR UPDATE SKIP LOCKED;
            END IF;
            IF NOT FOUND THEN
                SELECT h.lane, h.sequence, h.hash INTO taken, seq, head FROM socialcare_audit_heads h
                WHERE h.tenant_id = tenant AND h.lane = floor(random() * 8)::smallint FOR UPDATE;
            END IF;
        END IF;
        seq := seq + 1;
        previous := array_append(previous, head);
        head := sha256(head || p_digest[i]);
        seqs := array_append(seqs, seq);
        lanes := array_append(lanes, taken);
        hashes := array_append(hashes, head);
    END LOOP;
    IF tenant IS NOT NULL THEN
        UPDATE socialcare_audit_heads SET sequence = seq, hash = head WHERE tenant_id = tenant AND lane = taken;
    END IF;
    INSERT INTO socialcare_audit_entries (tenant_id, lane, sequence, recorded_at, actor, acted_by, role, location,
                                          action, target, conversation_id, request_id, outcome, detail,
                                          previous_hash, hash)
    SELECT * FROM unnest(p_tenant, lanes, seqs, p_at, p_actor, p_acted_by, p_role, p_location, p_action, p_target,
                         p_conversation, p_request, p_outcome, p_detail, previous, hashes);
    RETURN n;
END
$$;

-- The application never changes or removes an entry or a cut. Retention removes whole old
-- segments of entries, and only inside a transaction that says so (SET LOCAL socialcare.audit_retention = 'on') and
-- records the cut in the chain.
CREATE FUNCTION socialcare_refuse_audit_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'socialcare_audit_entries'
       AND current_setting('socialcare.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER socialcare_audit_entries_append_only
    BEFORE UPDATE OR DELETE ON socialcare_audit_entries
    FOR EACH ROW EXECUTE FUNCTION socialcare_refuse_audit_change();

CREATE TRIGGER socialcare_audit_entries_no_truncate
    BEFORE TRUNCATE ON socialcare_audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION socialcare_refuse_audit_change();

CREATE TRIGGER socialcare_audit_cuts_append_only
    BEFORE UPDATE OR DELETE ON socialcare_audit_cuts
    FOR EACH ROW EXECUTE FUNCTION socialcare_refuse_audit_change();

-- Orleans 10.4 ADO.NET providers (clustering, grain storage, reminders) on PostgreSQL 15+.
-- Written for SocialCare from the provider contract (shared/orleans-adonet-postgres.md): only
-- the catalog table's name and columns are fixed by Orleans; the rest is ours.

-- The query catalog Orleans reads at start-up (unquoted, so it folds to lower case).
CREATE TABLE orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text NOT NULL
);

-- Membership: one version row per cluster (the optimistic-concurrency token) and one row per silo.
CREATE TABLE orleans_membership_version (
    deployment_id text PRIMARY KEY,
    version       integer NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans_membership (
    deployment_id   text NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       text NOT NULL,
    host_name       text NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer NOT NULL DEFAULT 0,
    suspect_times   text NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Insert a silo and bump the version atomically. The inner block is a subtransaction: a
-- duplicate row rolls back the version bump too, and the caller sees false.
CREATE FUNCTION orleans_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text,
    p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamptz,
    p_i_am_alive_time timestamptz, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    BEGIN
        UPDATE orleans_membership_version
           SET version = version + 1, updated_at = now()
         WHERE deployment_id = p_deployment_id AND version = p_version;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                        status, proxy_port, suspect_times, start_time, i_am_alive_time)
        VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
                p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive_time);
        RETURN true;
    EXCEPTION WHEN unique_violation THEN
        RETURN false;
    END;
END;
$fn$;

-- Update a silo's status and suspicions and bump the version atomically; a missing row rolls
-- the bump back. Liveness never moves backwards.
CREATE FUNCTION orleans_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    BEGIN
        UPDATE orleans_membership_version
           SET version = version + 1, updated_at = now()
         WHERE deployment_id = p_deployment_id AND version = p_version;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
        UPDATE orleans_membership
           SET status = p_status,
               suspect_times = p_suspect_times,
               i_am_alive_time = greatest(i_am_alive_time, p_i_am_alive_time)
         WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'no_data_found';
        END IF;
        RETURN true;
    EXCEPTION WHEN no_data_found THEN
        RETURN false;
    END;
END;
$fn$;

-- Grain state: one row per identity, unique (NULL extensions compare equal).
CREATE TABLE orleans_storage (
    grain_id_hash            integer NOT NULL,
    grain_id_n0              bigint NOT NULL,
    grain_id_n1              bigint NOT NULL,
    grain_type_hash          integer NOT NULL,
    grain_type_string        text NOT NULL,
    grain_id_extension_string text NULL,
    service_id               text NOT NULL,
    payload_binary           bytea NULL,
    version                  integer NOT NULL,
    modified_on              timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX orleans_storage_identity ON orleans_storage
    (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type_string, grain_id_extension_string)
    NULLS NOT DISTINCT;

-- Reminders.
CREATE TABLE orleans_reminders (
    service_id    text NOT NULL,
    grain_id      text NOT NULL,
    reminder_name text NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint NOT NULL,
    grain_hash    integer NOT NULL,
    version       integer NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX orleans_reminders_range ON orleans_reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
-- Clustering.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version) VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created);
$q$),
('InsertMembershipKey', $q$
SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                 @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                 @IAmAliveTime, @Version);
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime)
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),
('MembershipReadAllKey', $q$
SELECT v.deployment_id AS deploymentid, v.version AS version, m.address AS address, m.port AS port,
       m.generation AS generation, m.silo_name AS siloname, m.host_name AS hostname, m.status AS status,
       m.proxy_port AS proxyport, m.suspect_times AS suspecttimes, m.start_time AS starttime,
       m.i_am_alive_time AS iamalivetime
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId;
$q$),
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS deploymentid, v.version AS version, m.address AS address, m.port AS port,
       m.generation AS generation, m.silo_name AS siloname, m.host_name AS hostname, m.status AS status,
       m.proxy_port AS proxyport, m.suspect_times AS suspecttimes, m.start_time AS starttime,
       m.i_am_alive_time AS iamalivetime
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m
    ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId;
$q$),
('GatewaysQueryKey', $q$
SELECT address AS address, proxy_port AS proxyport, generation AS generation
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND status = 6
   AND i_am_alive_time <= @IAmAliveTime AND start_time <= @IAmAliveTime;
$q$),
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '');
$q$),
-- Grain storage.
('ReadFromStorageKey', $q$
SELECT payload_binary AS payloadbinary, version AS version
  FROM orleans_storage
 WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),
('WriteToStorageKey', $q$
WITH inserted AS (
    INSERT INTO orleans_storage (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type_string,
                                 grain_id_extension_string, service_id, payload_binary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version),
updated AS (
    UPDATE orleans_storage
       SET payload_binary = @PayloadBinary, version = version + 1, modified_on = now()
     WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
       AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
       AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version)
SELECT version AS newgrainstateversion FROM inserted
UNION ALL
SELECT version FROM updated;
$q$),
('ClearStorageKey', $q$
UPDATE orleans_storage
   SET payload_binary = NULL, version = version + 1, modified_on = now()
 WHERE version = @GrainStateVersion
   AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString
RETURNING version;
$q$),
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
 WHERE version = @GrainStateVersion
   AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
   AND grain_id_extension_string IS NOT DISTINCT FROM @GrainIdExtensionString
RETURNING version + 1;
$q$),
-- Reminders.
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = EXCLUDED.start_time, period = EXCLUDED.period, grain_hash = EXCLUDED.grain_hash,
       version = orleans_reminders.version + 1
RETURNING version AS version;
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS grainid, reminder_name AS remindername, start_time AS starttime, period AS period, version AS version
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS grainid, reminder_name AS remindername, start_time AS starttime, period AS period, version AS version
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$),
('ReadRangeRows1Key', $q$
SELECT grain_id AS grainid, reminder_name AS remindername, start_time AS starttime, period AS period, version AS version
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$),
('ReadRangeRows2Key', $q$
SELECT grain_id AS grainid, reminder_name AS remindername, start_time AS starttime, period AS period, version AS version
  FROM orleans_reminders
 WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$),
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminders
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM deleted);
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
$q$);

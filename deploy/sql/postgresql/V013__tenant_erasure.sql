-- A tenant's deletion (AdminService.DeleteTenant) removes everything stored for it, its audit
-- trail included: the trail is the brand's record, and a deployment that keeps a departed brand's
-- customer data has not deleted it. The trail stays append-only for everything else: a delete is
-- let through only inside a transaction that names the tenant being erased
-- (SET LOCAL socialcare.tenant_erasure = '<tenant id>'), and only for that tenant's rows.
-- Retention's rule (V006) is unchanged.
CREATE OR REPLACE FUNCTION socialcare_refuse_audit_change()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'socialcare_audit_entries'
       AND current_setting('socialcare.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'DELETE' AND OLD.tenant_id = current_setting('socialcare.tenant_erasure', true) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = '42501';
END
$$;

-- A retraction is a delivery too: the connector deletes the brand's published message named
-- here instead of publishing the row's body (which records why). Null for a reply.
ALTER TABLE socialcare_deliveries ADD COLUMN retracts text NULL;

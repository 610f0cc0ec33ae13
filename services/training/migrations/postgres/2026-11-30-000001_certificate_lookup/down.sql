DROP FUNCTION certificate_tenant(TEXT);
DROP POLICY tenant_isolation ON certificate_codes;
ALTER TABLE certificate_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY read_any ON certificate_codes FOR SELECT USING (true);
CREATE POLICY write_own ON certificate_codes FOR INSERT WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

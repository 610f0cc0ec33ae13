-- The public verification route has a code and no tenant. Until now every
-- connection could read certificate_codes whole (a policy USING (true)): the list of
-- every code of every tenant. Now the service role reads only its own tenant's rows
-- there, like in any tenant table, and finds one code's tenant through
-- certificate_tenant(code), a function that runs as the tables' owner. RLS stays
-- enabled for the service role; it is not FORCE'd, so that the owner (the
-- function) sees every row: the one exception of the posture test, with this reason.
DROP POLICY read_any ON certificate_codes;
DROP POLICY write_own ON certificate_codes;
ALTER TABLE certificate_codes NO FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON certificate_codes
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

CREATE FUNCTION certificate_tenant(lookup TEXT) RETURNS TEXT
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM certificate_codes WHERE code = lookup $$;

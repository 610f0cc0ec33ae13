#!/bin/sh
# Prepares a PostgreSQL server the way every MODAL service expects it (README,
# "PostgreSQL"):
#   modal_owner   owns each service's database and tables; migrations run as it;
#   modal_app     the role the services connect as: owns nothing and cannot
#                 bypass row-level security;
#   modal_<name>  one database per service, owned by modal_owner; PUBLIC may not
#                 connect, modal_app may (the migrations grant it table access).
#
# The postgres image runs it once, on an empty data directory, from
# /docker-entrypoint-initdb.d: in docker/compose.yaml and in the dev overlay's
# in-cluster PostgreSQL (this file is the one copy of both).
#
# Environment: MODAL_SERVICES (e.g. "registry training"); MODAL_OWNER_PASSWORD and
# MODAL_APP_PASSWORD, or MODAL_OWNER_PASSWORD_FILE and MODAL_APP_PASSWORD_FILE
# naming files that hold them (a mounted Secret); POSTGRES_USER and POSTGRES_DB
# come from the image.
set -eu

: "${MODAL_SERVICES:?name the services, e.g. MODAL_SERVICES=\"registry training\"}"

# A password given directly or in a file, as the image does for POSTGRES_PASSWORD.
password() { # value, file, variable name
  if [ -n "$1" ]; then
    printf '%s' "$1"
  elif [ -n "$2" ]; then
    cat "$2"
  else
    echo "modal: set $3 or ${3}_FILE" >&2
    return 1
  fi
}
owner_password=$(password "${MODAL_OWNER_PASSWORD:-}" "${MODAL_OWNER_PASSWORD_FILE:-}" MODAL_OWNER_PASSWORD)
app_password=$(password "${MODAL_APP_PASSWORD:-}" "${MODAL_APP_PASSWORD_FILE:-}" MODAL_APP_PASSWORD)

run_sql() {
  psql --no-psqlrc -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" \
    --dbname "${POSTGRES_DB:-postgres}" "$@"
}

# psql substitutes :'var' (a literal) and :"var" (an identifier) safely.
run_sql -v owner_password="$owner_password" -v app_password="$app_password" <<'SQL'
CREATE ROLE modal_owner LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE modal_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
SQL

for service in $MODAL_SERVICES; do
  run_sql -v db="modal_$service" <<'SQL'
CREATE DATABASE :"db" OWNER modal_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO modal_app;
SQL
  echo "modal: database modal_$service ready"
done

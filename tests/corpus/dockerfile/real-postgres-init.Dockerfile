FROM postgres:16
ENV POSTGRES_DB=app
COPY <<-EOSQL /docker-entrypoint-initdb.d/init.sql
	CREATE TABLE IF NOT EXISTS users (
	    id serial PRIMARY KEY,
	    name text NOT NULL
	);
	EOSQL
RUN <<EOF
set -e
echo "shared_buffers = 256MB" >> /usr/share/postgresql/postgresql.conf.sample
EOF
HEALTHCHECK --interval=10s --timeout=5s --retries=5 CMD pg_isready -U postgres

# Sourced: starts a throwaway PostgreSQL cluster on 127.0.0.1 for the storage tests and
# exports DATABASE_URL (and JIG_PG_STOP, a command that stops it). Debian's postgresql package.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || return 1
pg_dir=$(mktemp -d /tmp/jig-pg.XXXXXX)
chown postgres "$pg_dir" 2>/dev/null
pg_port=${JIG_PG_PORT:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
as_pg "$pg_bin/initdb -D $pg_dir/data -U jig --auth=trust >/dev/null" || return 1
as_pg "$pg_bin/pg_ctl -D $pg_dir/data -o '-k $pg_dir -p $pg_port -c listen_addresses=127.0.0.1' -l $pg_dir/log -w start >/dev/null" || return 1
as_pg "$pg_bin/createdb -h 127.0.0.1 -p $pg_port -U jig jig" || return 1
export DATABASE_URL="postgres://jig@127.0.0.1:$pg_port/jig"
export JIG_PG_STOP="su postgres -s /bin/sh -c '$pg_bin/pg_ctl -D $pg_dir/data -m fast stop' >/dev/null 2>&1"
return 0

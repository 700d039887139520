# Sourced by bench.sh and soak.sh: what both need before they start a Release host on the local
# PostgreSQL. Sets `work` (a scratch folder), `hostpid` (the script's host, stopped on exit),
# `server` and `port` (the local PostgreSQL), and defines `new_database PREFIX`, which creates a
# fresh database and prints its name.
work="$(mktemp -d)"
hostpid=""
cleanup() {
  if [ -n "$hostpid" ]; then kill "$hostpid" 2>/dev/null || true; wait "$hostpid" 2>/dev/null || true; fi
}
trap cleanup EXIT

for project in src/SocialCare.Host src/SocialCare.Cli loadtests/SocialCare.LoadTests; do
  dotnet build -c Release -v quiet "$project" >/dev/null
done

server="$(bash deploy/local/postgres.sh | tail -n 1)"
port="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$server")"
new_database() {
  local name="$1_$(date +%s)"
  PGPASSWORD=socialcare psql -h 127.0.0.1 -p "$port" -U socialcare -d socialcare -qtAc "CREATE DATABASE $name" >/dev/null
  echo "$name"
}

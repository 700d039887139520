# Sourced by bench.sh and soak.sh: what both need before they start a Release host on the local
# PostgreSQL. Sets `work` (a scratch folder), `hostpid` (the script's host, stopped on exit),
# `server` and `port` (the local PostgreSQL), `raised_limits` (the host's per-caller and per-tenant
# rate limits raised out of reach, as environment assignments), and defines `new_database PREFIX`,
# which creates a fresh database and prints its name.
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

# Benchmarks and soaks measure the ceiling with one API key on one tenant, far past the per-caller
# defaults, so the limits are raised out of reach (the buckets are still checked on every call).
raised_limits=(SocialCare__RateLimits__IngestPerCaller__PerSecond=1000000 SocialCare__RateLimits__IngestPerCaller__Burst=1000000
  SocialCare__RateLimits__IngestPerTenant__PerSecond=1000000 SocialCare__RateLimits__IngestPerTenant__Burst=1000000
  SocialCare__RateLimits__RepliesPerCaller__PerSecond=1000000 SocialCare__RateLimits__RepliesPerCaller__Burst=1000000
  SocialCare__RateLimits__RepliesPerTenant__PerSecond=1000000 SocialCare__RateLimits__RepliesPerTenant__Burst=1000000)

#!/usr/bin/env bash
# The benchmark table of the load-testing issue, in one go on this machine: starts the local
# PostgreSQL, measures its single-row durable upsert ceiling with pgbench, then starts Release
# hosts (in-memory, then PostgreSQL on a fresh database) and measures Ping (the gRPC ceiling),
# IngestMention on both profiles, ListQueue, and replies delivered end to end (PostReply until a
# stub network has the reply and the delivery is marked sent) with the load tool's `bench` verb, every row at
# the same number of callers. Prints a Markdown table; exits 2 if a target is missed.
#
# Settings (environment): BENCH_CONCURRENCY (64), BENCH_DURATION (10s), BENCH_WARMUP (30s),
# BENCH_COSTS (0; 1 = also table what a call costs the host in heap allocations and CPU, and the
# load tool in CPU, read from the host's /metrics; off by default because exporting metrics costs
# the host a little on every call, which would make rows incomparable with runs without it).
# The warm-up is long because a fresh host keeps recompiling its hot code (tiered JIT with
# dynamic PGO) for 20-30 s under load; measured sooner, openings ran at half their later rate.
set -euo pipefail
cd "$(dirname "$0")/.."

concurrency="${BENCH_CONCURRENCY:-64}"
duration="${BENCH_DURATION:-10s}"
warmup="${BENCH_WARMUP:-30s}"
costs=()
metrics_env=()
if [ "${BENCH_COSTS:-0}" = 1 ]; then
  costs=(--host-metrics http://127.0.0.1:9495/metrics)
  metrics_env=(SocialCare__OperationsEndpoint=http://127.0.0.1:9495)
fi
seconds="${duration%s}"
# shellcheck source=loadtests/release-host.sh
source loadtests/release-host.sh
rows="$work/rows.json"
load=(dotnet loadtests/SocialCare.LoadTests/bin/Release/net10.0/socialcare-load.dll)
export PGPASSWORD=socialcare
db="$(new_database socialcare_bench)"

# 1. PostgreSQL's own ceiling: one durable single-row upsert of an 800-byte payload by primary
#    key per transaction, from as many clients as the gRPC callers.
psql -h 127.0.0.1 -p "$port" -U socialcare -d "$db" -qc \
  "CREATE TABLE bench_upsert (id bigint PRIMARY KEY, payload text NOT NULL, updated_at timestamptz NOT NULL)" >/dev/null
cat > "$work/upsert.sql" <<'SQL'
\set id random(1, 1000000)
INSERT INTO bench_upsert (id, payload, updated_at) VALUES (:id, repeat('m', 800), now())
ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, updated_at = EXCLUDED.updated_at;
SQL
pgbench_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pgbench"
echo "pgbench: $concurrency clients, ${seconds}s of single-row upserts" >&2
tps="$("$pgbench_bin" -h 127.0.0.1 -p "$port" -U socialcare -n -c "$concurrency" -j 2 -T "$seconds" -f "$work/upsert.sql" "$db" \
  | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)"
echo "pgbench: $tps upserts per second" >&2

start_host() { # profile, extra environment...
  local profile="$1"; shift
  env SocialCare__Storage="$profile" SocialCare__GrpcEndpoint=http://127.0.0.1:5095 SocialCare__SiloPort=11195 \
    SocialCare__GatewayPort=30095 Logging__LogLevel__Default=Warning "${raised_limits[@]}" "${metrics_env[@]}" "$@" \
    dotnet src/SocialCare.Host/bin/Release/net10.0/SocialCare.Host.dll >"$work/host-$profile.log" 2>&1 &
  hostpid=$!
  for _ in $(seq 1 120); do
    if dotnet src/SocialCare.Cli/bin/Release/net10.0/socialcare.dll --endpoint http://127.0.0.1:5095 ping >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "bench.sh: the $profile host did not start; see $work/host-$profile.log" >&2
  exit 1
}
stop_host() { cleanup; hostpid=""; }
bench() { "${load[@]}" bench --endpoint http://127.0.0.1:5095 --concurrency "$concurrency" --duration "$duration" --warm-up "$warmup" --rows "$rows" "${costs[@]}" "$@"; }

# 2. The in-memory host: the gRPC ceiling, ingest, queue reads.
start_host InMemory
bench --target ping --label "Ping (no-op gRPC)"
bench --target ingest --label "IngestMention, in-memory (20,000 customers)" --ceiling "Ping (no-op gRPC)" --min-ratio 0.25 --max-p99 50ms
bench --target list-queue --label "ListQueue, first 50" --ceiling "Ping (no-op gRPC)" --max-p99 50ms
stop_host

# A large brand's care policy (100 rules, each searched on every mention) costs at most a tenth.
# On a fresh host like the plain row's: a host already holding the plain row's 20,000 customers
# collects more garbage, which would be counted against the rules.
start_host InMemory
bench --target ingest --label "IngestMention, in-memory, 100-rule care policy" --tenant bench-policy --policy-rules 100 --ceiling "IngestMention, in-memory (20,000 customers)" --min-ratio 0.9
stop_host

# 3. The PostgreSQL host on the fresh database: ingest acknowledged only once stored.
# A durable host must be told whom to trust: a signing key for this run only, and development
# tokens for the load tool on this machine (it then runs the traffic with an API key it makes).
start_host Postgres ConnectionStrings__SocialCare="${server/Database=socialcare/Database=$db}" \
  SocialCare__Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" SocialCare__Auth__DevelopmentTokens=true
# The two ends of a brand's traffic: every mention from a new customer (each opens a conversation:
# author, conversation and customer grains activate and are stored), then follow-ups from 300
# customers (mentions join conversations already open). Real weeks fall between the two.
bench --target ingest --label "IngestMention, PostgreSQL, openings (a new customer each)" --tenant bench-openings --authors 0 --ceiling "pgbench upsert" --min-ratio 0.6 --min-rate 3000 --max-p99 50ms
bench --target ingest --label "IngestMention, PostgreSQL, follow-ups (300 customers)" --tenant bench-follow-ups --authors 300 --ceiling "pgbench upsert" --min-ratio 0.6 --min-rate 3000 --max-p99 50ms
# Replies the whole way out: PostReply (reply and outbox row in one transaction), the built-in
# connector's stream lease, the stub network's answer, and the stored report. Two journal writes
# per reply; no target yet beyond being measured (see the delivery issue).
bench --target delivery --label "PostReply to sent at a stub network, PostgreSQL" --tenant bench-deliveries --ceiling "pgbench upsert"
stop_host

"${load[@]}" bench-table --rows "$rows" --ceiling-rate "pgbench upsert=$tps=pgbench -c $concurrency, 800-byte upsert by primary key"

#!/usr/bin/env bash
# Appending a message to a conversation of 10 vs 1,000 messages on the durable (PostgreSQL)
# profile: starts the local PostgreSQL, a Release host on a fresh database, runs the benchmark,
# stops the host. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."

server="$(bash deploy/local/postgres.sh | tail -n 1)"
db="socialcare_bench_$(date +%s)"
PGPASSWORD=socialcare psql -h 127.0.0.1 -p 55432 -U socialcare -d socialcare -qc "CREATE DATABASE $db" >/dev/null
url="${server/Database=socialcare/Database=$db}"

for project in src/SocialCare.Host src/SocialCare.Cli loadtests/SocialCare.AppendBenchmark; do
  dotnet build -c Release -v quiet "$project" >/dev/null
done
# A signing key for this run only, and development tokens for the benchmark on this machine.
SocialCare__Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" SocialCare__Auth__DevelopmentTokens=true \
SocialCare__Storage=Postgres ConnectionStrings__SocialCare="$url" SocialCare__GrpcEndpoint=http://127.0.0.1:5090 \
  SocialCare__SiloPort=11190 SocialCare__GatewayPort=30090 Logging__LogLevel__Default=Warning \
  dotnet src/SocialCare.Host/bin/Release/net10.0/SocialCare.Host.dll >/tmp/socialcare-append-bench-host.log 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if dotnet src/SocialCare.Cli/bin/Release/net10.0/socialcare.dll --endpoint http://127.0.0.1:5090 ping >/dev/null 2>&1; then break; fi
  sleep 0.5
done
dotnet loadtests/SocialCare.AppendBenchmark/bin/Release/net10.0/SocialCare.AppendBenchmark.dll http://127.0.0.1:5090

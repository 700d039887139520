#!/usr/bin/env bash
# The memory soak of the memory issue: one Release silo on the PostgreSQL profile (a fresh
# database on the local PostgreSQL), openings (a new customer with every mention) at the highest
# rate it takes, then follow-ups, sampling the silo's resident memory, GC heap and activations
# from its /metrics every 10 s. Prints the table; writes soak.csv and soak.html to SOAK_OUTPUT.
# Exits 2 if a target is missed (resident growth over 20% under openings, a failed mention, or a
# peak above SOAK_MAX_RESIDENT_MB when set).
#
# Settings (environment): SOAK_OPENINGS (10m), SOAK_FOLLOW_UPS (3m), SOAK_CONCURRENCY (64),
# SOAK_MAX_RESIDENT_MB (0 = not judged), SOAK_OUTPUT (loadtests/soak-results). Anything else the
# host should run with goes in as its own environment, e.g.
#   SocialCare__Memory__HeapLimitMegabytes=1536 SOAK_MAX_RESIDENT_MB=2048 bash loadtests/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

openings="${SOAK_OPENINGS:-10m}"
follow_ups="${SOAK_FOLLOW_UPS:-3m}"
concurrency="${SOAK_CONCURRENCY:-64}"
output="${SOAK_OUTPUT:-loadtests/soak-results}"
# shellcheck source=loadtests/release-host.sh
source loadtests/release-host.sh
db="$(new_database socialcare_soak)"

# The soak measures memory at the rate the silo takes, so the rate limits are raised out of reach.
env SocialCare__Storage=Postgres ConnectionStrings__SocialCare="${server/Database=socialcare/Database=$db}" \
  SocialCare__GrpcEndpoint=http://127.0.0.1:5096 SocialCare__SiloPort=11196 SocialCare__GatewayPort=30096 \
  SocialCare__OperationsEndpoint=http://127.0.0.1:9466 \
  SocialCare__Auth__SigningKey="$(head -c 32 /dev/urandom | base64)" SocialCare__Auth__DevelopmentTokens=true \
  "${raised_limits[@]}" \
  Logging__LogLevel__Default=Warning \
  dotnet src/SocialCare.Host/bin/Release/net10.0/SocialCare.Host.dll >"$work/host.log" 2>&1 &
hostpid=$!
for _ in $(seq 1 120); do
  if curl -fs http://127.0.0.1:9466/healthz/ready >/dev/null 2>&1; then break; fi
  sleep 0.5
done
curl -fs http://127.0.0.1:9466/healthz/ready >/dev/null || { echo "soak.sh: the host did not become ready; see $work/host.log" >&2; exit 1; }

status=0
dotnet loadtests/SocialCare.LoadTests/bin/Release/net10.0/socialcare-load.dll soak --endpoint http://127.0.0.1:5096 \
  --metrics http://127.0.0.1:9466/metrics --concurrency "$concurrency" --openings "$openings" --follow-ups "$follow_ups" \
  --max-resident-mb "${SOAK_MAX_RESIDENT_MB:-0}" --output "$output" || status=$?
echo "soak.sh: the host's log is $work/host.log (warnings and up)" >&2
exit "$status"

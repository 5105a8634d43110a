#!/usr/bin/env bash
# The container test: builds the image from the repository's Dockerfile on stand-in base images and runs it the
# way the GitHub runner runs a docker action (tests/MLSecOps.Cli.Tests/Container). Starts a Docker engine of its
# own (vfs storage, no bridge, no iptables) when none answers, and stops it again. Needs root.
# Usage: eng/container-test/run.sh [configuration] [aot|r2r]   (build.cake --target=ContainerTest calls it per variant)
# aot builds the Dockerfile's default target, final-aot (the released image: NativeAOT binary on a base without .NET);
# r2r builds the ReadyToRun fallback, final-r2r.
set -euo pipefail
cd "$(dirname "$0")/../.."
configuration="${1:-Release}"
variant="${2:-aot}"
started=""
t0=$(date +%s)

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "container test: installing ${missing[*]}"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
docker="$(command -v /usr/bin/docker || command -v docker)"
export DOCKER="$docker" DOCKER_BUILDKIT=1

if ! "$docker" info >/dev/null 2>&1; then
  export DOCKER_HOST="unix:///run/mlsecops-docker.sock"
  if ! "$docker" info >/dev/null 2>&1; then
    dockerd --storage-driver vfs --bridge none --iptables=false --ip6tables=false \
      --data-root /var/lib/mlsecops-docker --exec-root /run/mlsecops-docker \
      --host "$DOCKER_HOST" --pidfile /run/mlsecops-docker.pid >/tmp/mlsecops-dockerd.log 2>&1 &
    started=$!
    trap '[ -n "$started" ] && kill "$started" 2>/dev/null; wait "$started" 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do "$docker" info >/dev/null 2>&1 && break; sleep 1; done
    "$docker" info >/dev/null 2>&1 || { echo "container test: dockerd did not start; see /tmp/mlsecops-dockerd.log" >&2; exit 1; }
  fi
fi

cli="src/MLSecOps.Cli/bin/$configuration/net10.0/mlsecops.dll"
[ -f "$cli" ] || { echo "container test: build first ($cli is missing): dotnet cake --target=ContainerTest builds it" >&2; exit 1; }
version="$(dotnet "$cli" --version | cut -d+ -f1)"
if [ "$variant" = "aot" ]; then
  read -r sdk runtime < <(eng/container-test/build-standins.sh aot)
  t1=$(date +%s)
  image="mlsecops:container-test-aot"
  run_cli="/app/mlsecops"
  "$docker" build --quiet --network host --target final-aot --build-arg SDK_AOT_IMAGE="$sdk" --build-arg RUNTIME_DEPS_IMAGE="$runtime" \
    --build-arg NATIVE_LINKER=gcc --build-arg VERSION="$version" -t "$image" . >/dev/null
else
  read -r sdk runtime < <(eng/container-test/build-standins.sh)
  t1=$(date +%s)
  image="mlsecops:container-test"
  run_cli="dotnet /app/mlsecops.dll"
  "$docker" build --quiet --network host --target final-r2r --build-arg SDK_IMAGE="$sdk" --build-arg RUNTIME_IMAGE="$runtime" \
    --build-arg VERSION="$version" -t "$image" . >/dev/null
fi
t2=$(date +%s)

# Start-up inside the container, without docker's own cost: the stand-in runtime has a shell (the chiseled one has not).
startup="$("$docker" run --rm --network none --entrypoint sh "$image" -c \
  "for i in 1 2 3 4 5; do s=\$(date +%s%N); $run_cli --version >/dev/null; e=\$(date +%s%N); echo \$(( (e - s) / 1000000 )); done" \
  | sort -n | sed -n 3p)"
app_bytes="$("$docker" run --rm --network none --entrypoint sh "$image" -c 'du -sb /app | cut -f1')"
app_gzip="$("$docker" run --rm --network none --entrypoint sh "$image" -c 'tar -C /app -cf - . | gzip -6 | wc -c')"

MLSECOPS_CONTAINER_IMAGE="$image" dotnet test tests/MLSecOps.Cli.Tests/MLSecOps.Cli.Tests.csproj -c "$configuration" \
  --filter "TestCategory=Container" --logger "console;verbosity=minimal" --nologo
t3=$(date +%s)
echo "container test ($variant): version $version; app layer $((app_bytes / 1024 / 1024)) MiB ($((app_gzip / 1024 / 1024)) MiB gzip); --version in the container: median ${startup} ms of 5; stand-in bases $((t1 - t0)) s, image build $((t2 - t1)) s, action runs $((t3 - t2)) s"

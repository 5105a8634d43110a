#!/usr/bin/env bash
# Builds stand-ins for the two registry base images of the Dockerfile from Debian packages and the .NET
# SDK already on this machine, because registry images cannot be pulled here:
#   mlsecops-standin/sdk      Debian bookworm + the host's whole .NET SDK (the build stage)
#   mlsecops-standin/runtime  Debian bookworm + the host's .NET runtime only (the final stage)
# The Debian root file system is made once with mmdebstrap and cached in $STANDIN_CACHE.
# Usage: DOCKER_HOST=... eng/container-test/build-standins.sh
set -euo pipefail
# Debian's docker.io client matches the engine it ships and has BuildKit built in (no buildx plugin needed).
docker="${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}"
export DOCKER_BUILDKIT=1
cache="${STANDIN_CACHE:-/var/cache/mlsecops-standin}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime_version="$(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([^ ]*\) .*/\1/p' | tail -n 1)"
mkdir -p "$cache"

if [ ! -s "$cache/rootfs.tar" ]; then
  command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing: apt-get install mmdebstrap" >&2; exit 1; }
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g,libstdc++6 \
    bookworm "$cache/rootfs.tar.partial" http://deb.debian.org/debian
  mv "$cache/rootfs.tar.partial" "$cache/rootfs.tar"
fi

if ! "$docker" image inspect mlsecops-standin/base:bookworm >/dev/null 2>&1; then
  "$docker" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$cache/rootfs.tar" mlsecops-standin/base:bookworm >/dev/null
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
if ! "$docker" image inspect "mlsecops-standin/runtime:$runtime_version" >/dev/null 2>&1; then
  mkdir -p "$context/runtime/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$context/runtime/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$context/runtime/dotnet/shared/"
  cat > "$context/runtime/Dockerfile" <<'DOCKERFILE'
FROM mlsecops-standin/base:bookworm
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
DOCKERFILE
  "$docker" build --quiet --network none -t "mlsecops-standin/runtime:$runtime_version" "$context/runtime" >/dev/null
fi
if ! "$docker" image inspect "mlsecops-standin/sdk:$runtime_version" >/dev/null 2>&1; then
  mkdir -p "$context/sdk"
  cp -a "$dotnet_root" "$context/sdk/dotnet"
  # The build stage restores from NuGet through this machine's network, which trusts the host's CA bundle.
  cp /etc/ssl/certs/ca-certificates.crt "$context/sdk/ca-certificates.crt"
  cat > "$context/sdk/Dockerfile" <<'DOCKERFILE'
FROM mlsecops-standin/base:bookworm
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_CERT_REVOCATION_MODE=offline
DOCKERFILE
  "$docker" build --quiet --network none -t "mlsecops-standin/sdk:$runtime_version" "$context/sdk" >/dev/null
fi
echo "mlsecops-standin/sdk:$runtime_version mlsecops-standin/runtime:$runtime_version"

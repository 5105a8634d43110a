#!/usr/bin/env bash
# Builds stand-ins for the two registry base images of the Dockerfile from Debian packages and the .NET
# SDK already on this machine, because registry images cannot be pulled here:
#   mlsecops-standin/sdk      Debian bookworm + the host's whole .NET SDK (the build stage)
#   mlsecops-standin/runtime  Debian bookworm + the host's .NET runtime only (the final stage)
# With the argument `aot`, the two bases of the NativeAOT variant instead (Dockerfile target final-aot):
#   mlsecops-standin/sdk-aot       Debian bookworm + gcc and the C library headers + the host's .NET SDK
#   mlsecops-standin/runtime-deps  Debian bookworm without .NET
# The Debian root file system is made once with mmdebstrap and cached in $STANDIN_CACHE.
# Usage: DOCKER_HOST=... eng/container-test/build-standins.sh [aot]
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
  mmdebstrap --quiet --format=tar --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g,libstdc++6 \
    bookworm "$cache/rootfs.tar.partial" http://deb.debian.org/debian
  mv "$cache/rootfs.tar.partial" "$cache/rootfs.tar"
fi

if ! "$docker" image inspect mlsecops-standin/base:bookworm >/dev/null 2>&1; then
  "$docker" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$cache/rootfs.tar" mlsecops-standin/base:bookworm >/dev/null
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
if [ "${1:-}" = "aot" ]; then
  if [ ! -s "$cache/rootfs-aot.tar" ]; then
    mmdebstrap --quiet --format=tar --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g,libstdc++6,gcc,libc6-dev,zlib1g-dev \
      bookworm "$cache/rootfs-aot.tar.partial" http://deb.debian.org/debian
    mv "$cache/rootfs-aot.tar.partial" "$cache/rootfs-aot.tar"
  fi
  if ! "$docker" image inspect "mlsecops-standin/sdk-aot:$runtime_version" >/dev/null 2>&1; then
    "$docker" image inspect mlsecops-standin/base-aot:bookworm >/dev/null 2>&1 || "$docker" import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$cache/rootfs-aot.tar" mlsecops-standin/base-aot:bookworm >/dev/null
    mkdir -p "$context/sdk-aot"
    cp -a "$dotnet_root" "$context/sdk-aot/dotnet"
    cp /etc/ssl/certs/ca-certificates.crt "$context/sdk-aot/ca-certificates.crt"
    cat > "$context/sdk-aot/Dockerfile" <<'DOCKERFILE'
FROM mlsecops-standin/base-aot:bookworm
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_CERT_REVOCATION_MODE=offline
DOCKERFILE
    "$docker" build --quiet --network none -t "mlsecops-standin/sdk-aot:$runtime_version" "$context/sdk-aot" >/dev/null
  fi
  # runtime-deps: the libraries a self-contained .NET binary loads (libc, libssl, zlib, ICU unused: invariant globalization).
  "$docker" image inspect mlsecops-standin/runtime-deps:bookworm >/dev/null 2>&1 || "$docker" tag mlsecops-standin/base:bookworm mlsecops-standin/runtime-deps:bookworm
  echo "mlsecops-standin/sdk-aot:$runtime_version mlsecops-standin/runtime-deps:bookworm"
  exit 0
fi
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

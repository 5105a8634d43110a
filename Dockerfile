# The MLSecOps Gates CLI as a GitHub docker action image.
# Base images are build arguments: the release workflow passes both pinned by digest, and the container
# test (build.cake --target=ContainerTest) passes stand-ins built from Debian packages, because registry
# images cannot be pulled there. No `# syntax=` line: it would make BuildKit pull a frontend image.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled

# Build on the build platform and cross-compile ReadyToRun code for the target architecture.
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build
ARG TARGETARCH
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY eng/BannedSymbols*.txt eng/
# The design-review gate embeds the published threat-model schema.
COPY docs/schemas/ docs/schemas/
COPY src/ src/
# No build servers: they leave sockets in /tmp that some storage drivers (vfs) cannot copy into a layer.
RUN dotnet restore src/MLSecOps.Cli/MLSecOps.Cli.csproj -a "$TARGETARCH" -p:PublishReadyToRun=true --disable-build-servers
ARG VERSION=0.0.0-local
RUN dotnet publish src/MLSecOps.Cli/MLSecOps.Cli.csproj \
      --configuration Release --no-restore -a "$TARGETARCH" --self-contained false --disable-build-servers \
      --output /app -p:PublishReadyToRun=true -p:UseAppHost=false -p:DebugType=none \
      -p:GenerateDocumentationFile=false -p:MinVerVersionOverride="$VERSION"

# Runtime: chiseled Ubuntu, no shell, no package manager; nothing is downloaded at run time.
FROM ${RUNTIME_IMAGE} AS final
ARG VERSION=0.0.0-local
LABEL org.opencontainers.image.title="mlsecops" \
      org.opencontainers.image.description="MLSecOps Gates: security gates for ML repositories" \
      org.opencontainers.image.source="https://github.com/mlsecops-gates/mlsecops" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /app /app
# GitHub runs docker actions as root so the tool can read /github/workspace and write /github/file_commands;
# chiseled images default to the non-root 'app' user. No WORKDIR: the runner sets /github/workspace.
USER root
# The GC sizes its young generation from the L3 cache (hundreds of MB on cloud VMs); a 4 MiB cap halves peak memory
# on large pickles (157 -> 87 MB) at no CPU cost. The runtime reads this knob only from the environment.
ENV DOTNET_GCgen0size=0x400000
ENTRYPOINT ["dotnet", "/app/mlsecops.dll"]

# The MLSecOps Gates CLI as a GitHub docker action image.
# Base images are build arguments: the release workflow passes both pinned by digest, and the container
# test (build.cake --target=ContainerTest) passes stand-ins built from Debian packages, because registry
# images cannot be pulled there. No `# syntax=` line: it would make BuildKit pull a frontend image.
# The ReadyToRun fallback (`docker build --target final-r2r`): the .NET runtime runs the IL with precompiled code.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled
# The released image (the default target, final-aot): an SDK with the native toolchain, and a base without .NET.
ARG SDK_AOT_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
ARG RUNTIME_DEPS_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

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

# NativeAOT, the released CLI: one self-contained binary (start-up in milliseconds, no JIT), built on the target platform because the native
# linker does not cross-compile here. Trim and AOT warnings are errors (TreatWarningsAsErrors); build.cake AotTest runs the
# whole-process tests against the same binary, and ContainerTest runs this image as a docker action.
FROM ${SDK_AOT_IMAGE} AS build-aot
ARG TARGETARCH
# clang in Microsoft's -aot SDK images; the container test's Debian stand-in links with gcc.
ARG NATIVE_LINKER=clang
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY eng/BannedSymbols*.txt eng/
COPY docs/schemas/ docs/schemas/
COPY src/ src/
RUN dotnet restore src/MLSecOps.Cli/MLSecOps.Cli.csproj --os linux -a "$TARGETARCH" -p:PublishAot=true --disable-build-servers
ARG VERSION=0.0.0-local
RUN dotnet publish src/MLSecOps.Cli/MLSecOps.Cli.csproj \
      --configuration Release --no-restore --os linux -a "$TARGETARCH" --disable-build-servers \
      --output /app -p:PublishAot=true -p:CppCompilerAndLinker="$NATIVE_LINKER" -p:DebugType=none -p:StripSymbols=true \
      -p:GenerateDocumentationFile=false -p:MinVerVersionOverride="$VERSION"

# The ReadyToRun fallback on the .NET runtime: chiseled Ubuntu, no shell, no package manager; nothing is downloaded at run time.
FROM ${RUNTIME_IMAGE} AS final-r2r
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

# The default target, last in the file: chiseled Ubuntu without .NET, no shell, no package manager; nothing is downloaded at run time.
FROM ${RUNTIME_DEPS_IMAGE} AS final-aot
ARG VERSION=0.0.0-local
LABEL org.opencontainers.image.title="mlsecops" \
      org.opencontainers.image.description="MLSecOps Gates: security gates for ML repositories" \
      org.opencontainers.image.source="https://github.com/mlsecops-gates/mlsecops" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build-aot /app/mlsecops /app/mlsecops
# GitHub runs docker actions as root (see final-r2r); the GC's young-generation cap likewise.
USER root
ENV DOTNET_GCgen0size=0x400000
ENTRYPOINT ["/app/mlsecops"]

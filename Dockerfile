# syntax=docker/dockerfile:1
# The MLSecOps Gates CLI as a GitHub docker action image.
# Tags are pinned here; release builds pin both base images by digest (see docs/github.md, "Pinning").

# Build: framework-dependent IL is the same for every architecture, so build once on the build platform.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY eng/BannedSymbols*.txt eng/
COPY src/ src/
RUN dotnet restore src/MLSecOps.Cli/MLSecOps.Cli.csproj
RUN dotnet publish src/MLSecOps.Cli/MLSecOps.Cli.csproj \
      --configuration Release --no-restore --self-contained false \
      --output /app -p:UseAppHost=false -p:DebugType=none -p:GenerateDocumentationFile=false

# Runtime: chiseled Ubuntu, no shell, no package manager; nothing is downloaded at run time.
FROM mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled AS final
LABEL org.opencontainers.image.title="mlsecops" \
      org.opencontainers.image.description="MLSecOps Gates: security gates for ML repositories" \
      org.opencontainers.image.source="https://github.com/mlsecops-gates/mlsecops" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /app /app
# GitHub runs docker actions as root so the tool can read /github/workspace and write /github/file_commands;
# chiseled images default to the non-root 'app' user. No WORKDIR: the runner sets /github/workspace.
USER root
ENTRYPOINT ["dotnet", "/app/mlsecops.dll"]

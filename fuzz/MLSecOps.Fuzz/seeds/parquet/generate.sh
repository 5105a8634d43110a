#!/usr/bin/env bash
# Regenerates the Parquet seeds of the `parquet` fuzz target with Parquet.Net (ParquetSeedWriter.cs); the output is committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet run --project "$here/../../MLSecOps.Fuzz.csproj" -- write-parquet-seeds "$here"

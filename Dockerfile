# syntax=docker/dockerfile:1
#
# Two images from one build:
#   docker build --target worker -t chaos-worker .     the batch task the workshop's ECS task definitions run
#   docker build -t chaos-dashboard .                   the dashboard (the last stage, so it is the default)
#
# .NET 10 images are Ubuntu 24.04 based; Ubuntu's own nodejs is too old for the dashboard's client
# build, so Node 20 is copied in from the official node image.

ARG DOTNET_VERSION=10.0
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS node

# ---- restore: only the project files, so that package downloads are cached until a project changes
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS restore
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Dashboard.sln ./
COPY src/Processing/Processing.csproj src/Processing/
COPY src/Worker/Worker.csproj src/Worker/
COPY src/Aws/Aws.csproj src/Aws/
COPY src/StartTime/StartTime.csproj src/StartTime/
COPY src/Dashboard/Dashboard.csproj src/Dashboard/
# The solution also lists the test projects, which are not in the build context: restore the two apps.
RUN dotnet restore src/Worker/Worker.csproj \
 && dotnet restore src/Dashboard/Dashboard.csproj

# ---- worker: a plain console app, no Node needed
FROM restore AS publish-worker
COPY src/ src/
RUN dotnet publish src/Worker/Worker.csproj --configuration Release --no-restore --output /out

# ---- dashboard: its MSBuild build runs tsc and esbuild, so it needs Node and the npm packages
FROM restore AS publish-dashboard
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && node --version && npm --version
COPY package.json package-lock.json ./
# Installed here, in its own layer, so the csproj's own 'npm ci' step finds node_modules and skips.
RUN npm ci --no-audit --no-fund
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY src/ src/
RUN dotnet publish src/Dashboard/Dashboard.csproj --configuration Release --no-restore --output /out

# ---- worker image
FROM mcr.microsoft.com/dotnet/runtime:${DOTNET_VERSION} AS worker
WORKDIR /app
COPY --from=publish-worker /out ./
# APP_UID is the unprivileged 'app' user the .NET images define.
USER $APP_UID
# Exec form: dotnet is PID 1 and receives ECS's SIGTERM itself (the worker stops after the write in flight).
ENTRYPOINT ["dotnet", "worker.dll"]

# ---- dashboard image (last stage: what a plain 'docker build' produces)
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dashboard
WORKDIR /app
COPY --from=publish-dashboard /out ./
# appsettings.json sets "Urls" for local use, and appsettings wins over ASPNETCORE_URLS;
# the unprefixed URLS variable is read after appsettings, so it wins in the container. Likewise
# AllowedHosts: appsettings.json accepts only loopback names, a container is reached by other names.
ENV ASPNETCORE_URLS=http://+:8080 \
    URLS=http://+:8080 \
    AllowedHosts=*
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet","chaos-dashboard.dll"]

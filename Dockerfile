# syntax=docker/dockerfile:1
#
# Two images from one build:
#   docker build --target worker -t chaos-worker .     the batch task the workshop's ECS task definitions run
#   docker build -t chaos-dashboard .                   the dashboard (the last stage, so it is the default)
#
# Neither build needs Node: the dashboard's pages are Blazor components, and its static assets
# (MudBlazor's, the framework's and wwwroot/) are fingerprinted and compressed by the .NET SDK.

ARG DOTNET_VERSION=10.0

# ---- restore: only the project files, so that package downloads are cached until a project changes
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS restore
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Dashboard.sln ./
COPY src/BatchJob/BatchJob.csproj src/BatchJob/
COPY src/Worker/Worker.csproj src/Worker/
COPY src/Aws/Aws.csproj src/Aws/
COPY src/StartTimeAnalysis/StartTimeAnalysis.csproj src/StartTimeAnalysis/
COPY src/Dashboard/Dashboard.csproj src/Dashboard/
# The solution also lists the test projects, which are not in the build context: restore the two apps.
RUN dotnet restore src/Worker/Worker.csproj \
 && dotnet restore src/Dashboard/Dashboard.csproj

# ---- worker: a plain console app, no Node needed
FROM restore AS publish-worker
COPY src/ src/
RUN dotnet publish src/Worker/Worker.csproj --configuration Release --no-restore --output /out

# ---- dashboard: publish puts the static web assets, precompressed, in /out/wwwroot
FROM restore AS publish-dashboard
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
# Listening on every address is room mode: viewers can watch, acting needs the operator link, which the
# dashboard prints on stdout, so it is in the container log (docker logs). Set Room__OperatorToken for a
# fixed one, Room__ViewerUrl for the address people open.
ENV ASPNETCORE_URLS=http://+:8080 \
    URLS=http://+:8080 \
    AllowedHosts=* \
    Room__ViewerUrl=http://localhost:8080/
EXPOSE 8080
# The unprivileged 'app' user (uid 1654) the .NET images define: never root.
USER $APP_UID
ENTRYPOINT ["dotnet","chaos-dashboard.dll"]

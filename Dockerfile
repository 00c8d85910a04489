# One image for every Relais app: the gateway by default; the scheduler and each worker run the same image with
# another command (see docker-compose.yml and k8s/). Build: docker build -t relais .
#
# Not built in the repository's CI (no Docker there): see docs/deployment.md.

# --- build: dependencies with dev tools, TypeScript build, then production dependencies only -----------------
FROM node:26-bookworm-slim AS build
WORKDIR /app
# Node 26, the LTS that .nvmrc pins (CI runs on it). better-sqlite3 ships prebuilt N-API modules for linux x64 and
# arm64; its install script still runs node-gyp (python3, make) and compiles when none matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
# The dashboard's build (the end of npm run build) installs its own packages with these scripts.
COPY scripts/build-dashboard.sh scripts/build-dashboard.sh
COPY scripts/lib/setup.sh scripts/lib/setup.sh
COPY apps apps
COPY libs libs
COPY domains domains
# npm run build also builds the dashboard (apps/dashboard, its own packages) into dist/dashboard, which the
# runtime stage copies with the rest of dist/; the gateway serves it at /.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: node, the compiled apps and production node_modules; runs as the unprivileged `node` user ------
FROM node:26-bookworm-slim AS runtime
# GATEWAY_HOST: the gateway listens on 127.0.0.1 by default, which nothing outside the container can reach.
# NODE_OPTIONS: the gateway's V8 heap limit (scripts/supervisor/heap-limits.js), for the default command; the other
# apps' own are set by docker-compose.yml and k8s/ (`docker run -e NODE_OPTIONS=…` overrides it).
ENV NODE_ENV=production \
    RELAIS_DATA_DIR=/data \
    GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=3000 \
    NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json nest-cli.json ./
COPY scripts/redis-probe.js scripts/redis-probe.js
# A new named volume starts as a copy of this directory, owner included: writable by `node`.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Node is PID 1 and handles SIGTERM itself: in-flight runs finish within SHUTDOWN_GRACE_MS, writes are flushed.
CMD ["node", "dist/apps/gateway/src/main.js"]

# syntax=docker/dockerfile:1
# Concord in one container: the same steps as README's two commands
# (`pnpm install`, `pnpm build` — the client and the server bundle — then
# `node server/dist/main.js`), split so the image carries only what the server
# needs at run time.
#
#   docker build -t concord .
#   docker run -p 8787:8787 -v concord-data:/data concord
#
# Not built or run in this project's CI: its machines have the Docker client
# but no Docker daemon (see CONTRIBUTING.md).

ARG NODE_VERSION=20.20.2
ARG PNPM_VERSION=10.34.9

# --- build: every dependency, then the browser client and the server bundle -------
FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG PNPM_VERSION
# better-sqlite3 compiles from source with node-gyp against Node's own headers.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@${PNPM_VERSION}
WORKDIR /app
# The official Node image keeps its headers under /usr/local, not /usr (.npmrc).
ENV npm_config_nodedir=/usr/local
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# pnpm applies these to dependencies as it installs them (see patches/README.md).
COPY patches/ patches/
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
COPY bench/package.json bench/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile
COPY shared/ shared/
COPY server/ server/
COPY client/ client/
RUN pnpm build

# --- deps: the server's production dependencies only (its bundle keeps npm packages external)
FROM build AS deps
RUN rm -rf node_modules */node_modules
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --prod --filter @concord/server...

# --- runtime: non-root, data in a volume ------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/server/package.json server/package.json
COPY --from=deps /app/server/node_modules server/node_modules
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# GET /healthz answers 200 {"ok":true} once the server listens.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The command-line tool: docker exec -it CONTAINER node server/dist/cli.js user add --email … --name …
CMD ["node", "server/dist/main.js"]

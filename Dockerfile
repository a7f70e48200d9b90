# syntax=docker/dockerfile:1.7
# agent-assist-gateway: a multi-stage build on a pinned Node 24 LTS image. The runtime image holds production
# dependencies and compiled JavaScript only, runs as the unprivileged "node" user, and reports health on /healthz.
# It expects an external Neo4j (NEO4J_URI) and starts no local engine or simulator (NODE_ENV=production).

FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
COPY scripts/buildConsole.ts ./scripts/buildConsole.ts
# Compiles the gateway and bundles the supervisor console (dist/console/); GraphiQL and React stay in node_modules.
# The CXone simulator is a development tool, loaded only in zero-config development: the image leaves it out.
RUN npm run build && rm -rf dist/src/dev/cxone-simulator && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    KB_SEED_WHEN_EMPTY=false
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/schema ./schema
# The built-in trusted documents (TRUSTED_DOCUMENTS=allow|require): the console's operations and the docs' examples.
COPY --from=build --chown=node:node /app/src/generated/trusted-documents.json ./src/generated/trusted-documents.json
COPY --chown=node:node data ./data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--max-old-space-size=1024", "--max-semi-space-size=32", "dist/src/main.js"]

# syntax=docker/dockerfile:1
# fleetgraph's container image (docs/production.md): a build stage compiles the TypeScript with
# the dev dependencies; the runtime stage holds the production dependencies and the compiled
# JavaScript only, and runs as a non-root user.
#
# No container engine runs in this project's CI, so test/integration/build/dockerfile.test.ts
# runs these steps outside one: it reads this file, copies each COPY's sources (minus
# .dockerignore) into a directory per stage, runs each RUN there, and starts the ENTRYPOINT
# and the HEALTHCHECK against a simulated fleet. Keep to the instructions it understands
# (FROM image AS name, WORKDIR, COPY [--from=stage] [--chown=uid:gid], RUN [--mount=type=cache],
# ENV, USER, EXPOSE, HEALTHCHECK CMD [...], ENTRYPOINT [...]): it fails on anything else rather
# than skip it.
#
# Base image: Node 22 LTS (supported until 2027-04-30). Node 20 reached end of life on
# 2026-04-30 (no more security fixes), and a production dependency
# (@whatwg-node/promise-helpers 2, under @graphql-tools/schema) already asks for Node >= 22.15.
# `-slim` is Debian without compilers or docs: nothing here builds native code. For
# reproducible images pin the digest (node:22-slim@sha256:...) in your own build pipeline.

FROM node:22-slim AS build
WORKDIR /app
# Dependencies first, so that a source change reuses the cached `npm ci` layer.
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency's install script runs at build time (none is needed: tsc is
# plain JavaScript). The cache mount keeps npm's download cache out of the image.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/
COPY schema schema/
COPY resolvers resolvers/
COPY src src/
RUN npm run build

FROM node:22-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The compiled JavaScript and dist/schema/*.graphql; no TypeScript sources, no tsx, no tsc.
# Owned by root (COPY's default without --chown): the gateway, running as uid 1000 below,
# cannot rewrite its own code.
COPY --from=build /app/dist dist/
# Non-root: uid/gid 1000 is the base image's `node` user. Numeric on purpose: Kubernetes'
# `runAsNonRoot: true` can only verify a numeric USER ("image has non-numeric user (node),
# cannot verify user is non-root" otherwise).
USER 1000:1000
# The working directory is the node user's home (it exists, owned by node): the demo fleet (no
# --kubeconfig) writes .fleetgraph/demo-kubeconfig there, and /app stays read-only. With
# --kubeconfig nothing is written: the container can run with a read-only root filesystem.
WORKDIR /home/node
EXPOSE 4000
# Docker's own liveness check (Kubernetes ignores HEALTHCHECK: give the Deployment an httpGet
# livenessProbe on /healthz and a readinessProbe on /readyz, port 4000). The image has no curl:
# Node's fetch asks /healthz on the port PORT names, so set the port with `-e PORT=...`, not
# --port, if you change it. /healthz answers without authentication and tells nothing.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Flags go after the image name, exactly as after `npm start --`. Without flags it starts the
# demo fleet on 127.0.0.1 inside the container (unreachable from outside). To serve clusters,
# listen on all interfaces and mount the kubeconfig and the credentials' files read-only;
# the gateway refuses a non-loopback --host without authentication (--tokens FILE or
# --oidc-issuer URL --oidc-audience AUD), because anyone reaching the port would otherwise
# read the fleet with the gateway's cluster credentials:
#   docker run -p 4000:4000 \
#     -v /srv/fleetgraph/kubeconfig:/etc/fleetgraph/kubeconfig:ro \
#     -v /srv/fleetgraph/tokens.csv:/etc/fleetgraph/tokens.csv:ro \
#     fleetgraph --host 0.0.0.0 --production \
#       --kubeconfig /etc/fleetgraph/kubeconfig --tokens /etc/fleetgraph/tokens.csv
ENTRYPOINT ["node", "/app/dist/src/server/main.js"]

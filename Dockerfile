# syntax=docker/dockerfile:1
# mediagraph: build with `docker build -t mediagraph .`,
# run with `docker run -p 4000:4000 mediagraph` (sandbox data, no keys needed).

# Build: every dependency, then the bundle (scripts/build.ts: esbuild; Krea's document from
# specs/ is bundled in) and the gallery (Relay and Vite, against
# schema.graphql). Nothing of this stage but the two builds reaches the image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY examples/gallery/package.json ./examples/gallery/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json schema.graphql ./
COPY scripts/build.ts ./scripts/
COPY src ./src
COPY specs ./specs
RUN npm run -s build
COPY examples/gallery ./examples/gallery
RUN npm run -s gallery

# Production dependencies only, from the lock file (no tsx, no esbuild).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# The runtime: production dependencies and dist/, run as an unprivileged user.
# No build and no TypeScript at start: `node dist/main.js`.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/examples/gallery/dist ./examples/gallery/dist
COPY package.json ./
USER node
EXPOSE 4000
# The slim image has no curl; Node 20 has fetch.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# As `npm start`. --expose-gc: uploads collect their streamed chunks as they go
# (src/providers/krea/uploads/upload.ts), and the heap settles after start
# (src/server/settle-heap.ts). --max-semi-space-size=8: a young
# generation of 2 × 8 MB instead of 2 × 16 MB: idle RSS −15 MB, peak −12 MB,
# CPU per request the same within this machine's noise (README "Benchmarks",
# bench/cost.ts). --heap-growing-percent=100: the old generation may grow to
# twice what survived the last full collection, not V8's up to 4×: peak RSS
# under load 231 → 156 MB, CPU per request the same (bench/side-by-side.sh).
# --v8-pool-size=1: one V8 background thread instead of Node's four (each
# keeps a malloc arena of its own): idle RSS −4 to −10 MB, peak −11 to −16
# MB, CPU per request the same on the one core the bench pins the gateway to.
# No --enable-source-maps:
# it holds every chunk's parsed map (≈ 15 MB of heap); add it in NODE_OPTIONS
# for stack traces that name src/ lines.
CMD ["node", "--expose-gc", "--max-semi-space-size=8", "--heap-growing-percent=100", "--v8-pool-size=1", "dist/main.js"]

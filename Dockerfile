# syntax=docker/dockerfile:1
# mediagraph: build with `docker build -t mediagraph .`,
# run with `docker run -p 4000:4000 mediagraph` (sandbox data, no keys needed).

# Production dependencies only, installed from the lock file.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The runtime: the sources bundled by esbuild (`npm run build`, as `npm start`
# does), run as an unprivileged user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
# Krea's document: the sandbox reads it (esbuild bundles it into dist/).
COPY specs ./specs
RUN npm run -s build
USER node
EXPOSE 4000
# The slim image has no curl; Node 20 has fetch.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# --expose-gc: uploads collect their streamed chunks as they go (src/uploads/krea-upload.ts).
CMD ["node", "--expose-gc", "--enable-source-maps", "dist/main.js"]

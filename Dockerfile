# leadq production image. Every command here is also run outside Docker by
# test/production/production-commands.test.ts, which reads this file: keep them plain.
# Build: docker build -t leadq .    Run: docker compose up -d   (docs/production.md)

# --- build: dev dependencies, TypeScript, models checked against their corpora ---------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies, compiled code, shipped models and edited files --------
FROM node:20-slim
ENV NODE_ENV=production PORT=3978 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data/nlu ./data/nlu
COPY --from=build /app/config ./config
COPY --from=build /app/dialogs/scripts ./dialogs/scripts
COPY --from=build /app/dialogs/schema ./dialogs/schema
COPY --from=build /app/adapters/web/widget ./adapters/web/widget
COPY --from=build /app/adapters/web/protocol.ts ./adapters/web/protocol.ts
COPY --from=build /app/adapters/web/demo ./adapters/web/demo
COPY --from=build /app/adapters/console/client ./adapters/console/client
# The console bundle (built at start) shares the lead model and answer labels with the server.
COPY --from=build /app/core ./core
COPY --from=build /app/slack ./slack
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/bot/main.js"]

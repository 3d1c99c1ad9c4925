# syntax=docker/dockerfile:1
FROM node:20-bookworm AS base
WORKDIR /app
COPY package.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm install

FROM base AS dev
CMD ["npm", "run", "dev"]

FROM base AS prod
COPY . .
CMD ["node", "server.js"]

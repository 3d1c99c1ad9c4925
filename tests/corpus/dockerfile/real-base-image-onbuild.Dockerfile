FROM node:20-alpine
LABEL description="Base image for app builds"
WORKDIR /app
ONBUILD ARG NPM_TOKEN
ONBUILD COPY package*.json ./
ONBUILD RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
ONBUILD COPY . .
ONBUILD RUN npm run build
CMD ["npm", "start"]

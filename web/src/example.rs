//! The example workspaces the page offers; the first is the one it opens with.

/// A named set of files.
pub struct Example {
    pub name: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

/// A small, clean Dockerfile: the page opens with no problems, and editing it shows them appear.
pub const DOCKERFILE: &str = "\
# syntax=docker/dockerfile:1.12@sha256:beefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdead
FROM alpine:3.20@sha256:beefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdead
RUN apk add --no-cache curl=8.11.1-r0
WORKDIR /app
COPY start.sh ./
CMD [\"./start.sh\"]
";

const NODE_DOCKERFILE: &str = "\
# syntax=docker/dockerfile:1.12
ARG NODE_VERSION=22.11.0
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY server.js ./
USER node
EXPOSE 3000
CMD [\"node\", \"server.js\"]
";

const NODE_COMPOSE: &str = "\
services:
  app:
    build: .
    image: registry.example.com/hello-node:1.0.0
    ports:
      - \"3000:3000\"
    restart: always
";

const NODE_PACKAGE: &str = "\
{
  \"name\": \"hello-node\",
  \"version\": \"1.0.0\",
  \"private\": true,
  \"main\": \"server.js\",
  \"scripts\": { \"start\": \"node server.js\" }
}
";

const NODE_LOCK: &str = "\
{
  \"name\": \"hello-node\",
  \"version\": \"1.0.0\",
  \"lockfileVersion\": 3,
  \"requires\": true,
  \"packages\": { \"\": { \"name\": \"hello-node\", \"version\": \"1.0.0\" } }
}
";

const NODE_SERVER: &str = "\
const http = require(\"node:http\");

http
  .createServer((request, response) => response.end(\"hello from a reproducible image\\n\"))
  .listen(3000);
";

const MKOSI_CONF: &str = "\
[Distribution]
Distribution=debian
Release=bookworm

[Output]
Format=oci
ImageId=hello-node

[Content]
Packages=nodejs
         ca-certificates
BuildScripts=mkosi.build
Environment=SOURCE_DATE_EPOCH=1700000000
";

const MKOSI_BUILD: &str = "\
#!/bin/sh
# Copies the app into the image; npm is not in the build environment, so the app has no
# dependencies beyond Node.js itself.
set -eu
mkdir -p \"$DESTDIR/app\"
cp server.js package.json \"$DESTDIR/app/\"
";

const MKOSI_COMPOSE: &str = "\
services:
  app:
    image: registry.example.com/hello-node-mkosi:1.0.0
    command: [\"node\", \"/app/server.js\"]
    ports:
      - \"3000:3000\"
";

pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Small Dockerfile",
        files: &[
            ("Dockerfile", DOCKERFILE),
            ("start.sh", "#!/bin/sh\necho hello\n"),
        ],
    },
    Example {
        name: "Node.js app for dstack: Dockerfile and docker-compose.yml",
        files: &[
            ("Dockerfile", NODE_DOCKERFILE),
            (".dockerignore", "node_modules\n.git\n"),
            ("docker-compose.yml", NODE_COMPOSE),
            ("package.json", NODE_PACKAGE),
            ("package-lock.json", NODE_LOCK),
            ("server.js", NODE_SERVER),
        ],
    },
    Example {
        name: "Node.js app for dstack: mkosi and docker-compose.yml",
        files: &[
            ("mkosi.conf", MKOSI_CONF),
            ("mkosi.build", MKOSI_BUILD),
            ("docker-compose.yml", MKOSI_COMPOSE),
            ("package.json", NODE_PACKAGE),
            ("server.js", NODE_SERVER),
        ],
    },
];

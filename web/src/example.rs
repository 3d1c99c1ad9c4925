//! The text the editor starts with.

/// A small, clean Dockerfile: the page opens with no problems, and editing it shows them appear.
pub const DOCKERFILE: &str = "\
# syntax=docker/dockerfile:1.12@sha256:beefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdead
FROM alpine:3.20@sha256:beefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdead
RUN apk add --no-cache curl=8.11.1-r0
WORKDIR /app
COPY start.sh ./
CMD [\"./start.sh\"]
";

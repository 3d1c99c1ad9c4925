//! The text the editor starts with.

/// A small, clean Dockerfile: the page opens with no problems, and editing it shows them appear.
pub const DOCKERFILE: &str = "\
# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN apk add --no-cache curl
COPY . /app
WORKDIR /app
CMD [\"./start.sh\"]
";

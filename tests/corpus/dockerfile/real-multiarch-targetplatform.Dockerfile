# syntax=docker/dockerfile:1
ARG ALPINE_VERSION=3.20
FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4.0 AS xx

FROM --platform=$BUILDPLATFORM alpine:${ALPINE_VERSION} AS builder
COPY --from=xx / /
ARG TARGETPLATFORM
ARG BUILDPLATFORM
RUN echo "building on $BUILDPLATFORM for $TARGETPLATFORM" > /log
RUN apk add --no-cache clang lld
RUN xx-apk add --no-cache gcc musl-dev
COPY hello.c .
RUN xx-clang -o /hello hello.c && xx-verify /hello

FROM alpine:${ALPINE_VERSION}
ARG TARGETOS TARGETARCH TARGETVARIANT
LABEL arch="${TARGETOS}/${TARGETARCH}${TARGETVARIANT:+/$TARGETVARIANT}"
COPY --from=builder /hello /usr/bin/hello
CMD ["hello"]

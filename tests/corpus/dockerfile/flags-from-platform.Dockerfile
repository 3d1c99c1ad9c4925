ARG TARGETPLATFORM
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine
FROM --platform=linux/arm64/v8 scratch AS final

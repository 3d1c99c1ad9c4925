FROM alpine
FROM alpine:3.20
FROM alpine@sha256:0a1b2c
FROM golang:1.22@sha256:abc AS build
from scratch as final
FROM build

# syntax=docker/dockerfile:1

# escape=`
FROM alpine
RUN a `
RUN b

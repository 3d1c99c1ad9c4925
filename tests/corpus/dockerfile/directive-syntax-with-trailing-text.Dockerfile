# syntax=docker/dockerfile:1.7 # pinned
FROM alpine

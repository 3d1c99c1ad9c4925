FROM alpine
HEALTHCHECK CMD ["curl", 5]

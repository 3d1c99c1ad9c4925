ARG --ignored=1 VERSION=1
FROM alpine
STOPSIGNAL --ignored SIGTERM
HEALTHCHECK --interval=5s NONE

FROM alpine
COPY --chown=x a b

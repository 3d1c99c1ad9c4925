FROM alpine
COPY --from="" a b
COPY --chown='' c d
COPY "" e f

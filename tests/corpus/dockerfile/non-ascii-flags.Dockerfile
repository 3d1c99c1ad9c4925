FROM alpine AS büild
FROM alpine
COPY --from=büild /a /b
COPY --chown=jürgen:grüppe a b
RUN --mount=type=secret,id=clé cat /run/secrets/clé

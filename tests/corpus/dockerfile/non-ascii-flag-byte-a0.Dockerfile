FROM alpine
COPY --from=àx y /z
COPY --chown=Åb c /d

FROM alpine
RUN --network=none
COPY --from=x
HEALTHCHECK --interval=5s

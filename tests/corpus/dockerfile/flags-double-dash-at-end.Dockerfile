FROM alpine
RUN --network=none --
COPY --

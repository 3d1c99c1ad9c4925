FROM alpine
RUN --network=none\

COPY --from=a\

FROM alpine
RUN --mount=type=cache,target=/a --mount=type=cache,target=/b --mount=type=secret,id=s \
    --network=none --security=insecure make

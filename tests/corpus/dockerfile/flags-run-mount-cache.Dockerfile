FROM debian:12
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked,id=apt-lists \
    apt-get update && apt-get install -y --no-install-recommends curl
RUN --mount=type=cache,target=/root/.cache,mode=0755,uid=1000,gid=1000,sharing=private pip install x
RUN --mount=type=cache,from=deps,source=/cache,target=/c true

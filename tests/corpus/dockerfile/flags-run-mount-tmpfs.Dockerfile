FROM alpine
RUN --mount=type=tmpfs,target=/tmp,size=64m du -sh /tmp

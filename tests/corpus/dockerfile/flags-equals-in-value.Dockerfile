FROM alpine
RUN --mount=type=bind,source=a=b,target=/c=d true
COPY --chown=a=b c d

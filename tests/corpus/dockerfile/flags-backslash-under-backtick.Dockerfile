# escape=`
FROM alpine
COPY --chown=a\b x y
RUN --mount=target=c:\work,type=cache dir

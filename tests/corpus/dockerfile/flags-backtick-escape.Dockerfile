# escape=`
FROM alpine
COPY --chown=a`b x y

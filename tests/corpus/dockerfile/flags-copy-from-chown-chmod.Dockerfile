FROM golang:1.22 AS build
FROM alpine
COPY --from=build --chown=1:1 --chmod=755 /go/bin/app /usr/local/bin/
COPY --chmod=u=rwX,go=rX conf /etc/app/

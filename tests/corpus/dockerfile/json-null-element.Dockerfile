FROM alpine
ENTRYPOINT ["a", null]

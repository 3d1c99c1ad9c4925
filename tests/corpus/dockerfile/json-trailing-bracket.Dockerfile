FROM alpine
ENTRYPOINT ["a"]]

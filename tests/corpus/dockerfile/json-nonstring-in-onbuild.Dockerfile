FROM alpine
ONBUILD RUN ["a", {}]

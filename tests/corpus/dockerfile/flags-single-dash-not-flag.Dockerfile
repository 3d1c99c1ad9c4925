FROM alpine
RUN -x y
COPY -r a b
COPY a --from=x b

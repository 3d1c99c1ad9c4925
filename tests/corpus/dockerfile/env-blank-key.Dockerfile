FROM alpine
ENV =x
ENV A==b
LABEL =

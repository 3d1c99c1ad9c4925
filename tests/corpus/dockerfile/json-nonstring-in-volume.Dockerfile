FROM alpine
VOLUME ["/a", 2]

FROM alpine
CMD ["echo", "x"
VOLUME ["/a"

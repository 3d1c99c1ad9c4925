FROM alpine
CMD ["echo"] extra

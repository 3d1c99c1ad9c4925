FROM alpine
CMD [1e5, "a"]

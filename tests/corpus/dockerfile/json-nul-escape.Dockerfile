FROM alpine
CMD ["\u0000", "a\u0000b", "c"]

FROM alpine
CMD ["\u00e9\u4e2d", "\ud83d\udc33", "\ud800x", "\uDC00"]

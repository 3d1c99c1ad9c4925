FROM alpine
CMD ["a",]
CMD [,"a"]

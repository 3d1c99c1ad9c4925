FROM alpine
CMD ["echo", "no quote!]

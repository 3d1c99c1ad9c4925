FROM alpine
CMD  ["a"] 
CMD [ "b"]
ENTRYPOINT  ["c"]

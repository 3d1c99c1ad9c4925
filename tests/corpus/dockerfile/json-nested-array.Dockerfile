FROM alpine
CMD [ "echo", [ "nested" ] ]

FROM alpine
CMD ['echo','x']
COPY ['a', 'b']

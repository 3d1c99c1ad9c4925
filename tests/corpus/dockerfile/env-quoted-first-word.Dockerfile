FROM alpine
ENV "a b" c
ENV 'k=v' w=1

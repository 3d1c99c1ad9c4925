FROM alpine
COPY [{"src": "a"}, "/b"]

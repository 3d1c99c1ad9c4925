FROM alpine
VOLUME ["/a", "/b"]
VOLUME /c /d
VOLUME /e
VOLUME [""]
VOLUME

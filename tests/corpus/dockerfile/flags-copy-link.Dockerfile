FROM alpine
COPY --link src /dst
COPY --link=true a b
COPY --link=false c d
ADD --link https://example.com/x.tgz /x

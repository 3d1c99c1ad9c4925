FROM alpine
COPY --link= a b
COPY --link=maybe a b
COPY --LINK a b
COPY ---triple a b

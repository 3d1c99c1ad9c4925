FROM alpine
COPY "a b" /d
COPY 'x' "y"
ADD a\ b c
